using System.Buffers.Binary;
using System.Numerics;
using System.Text.Json;

namespace Compliance.Rules.Subjects;

/// <summary>The strings one thread made for recent JSON string values, found again by their UTF-8 bytes: a batch of lines
/// repeats the same few vendors, models, clouds, regions and tags, and a value met before comes back as the string already
/// made, with no transcoding and no allocation. The string is equal to the one <see cref="Utf8JsonReader.GetString"/>
/// would make (it made it, from the same bytes), so a subject holds the same values as before; equal values are now often
/// the same reference too, which lets later comparisons stop at the reference.</summary>
/// <remarks>Bounded whatever the input: <see cref="Capacity"/> (512) values of at most <see cref="MaxBytes"/> (64) bytes
/// each, in fixed arrays (32 KB of bytes, and the strings the slots hold, at most 512 of up to 64 characters), so an input
/// of millions of distinct values only overwrites slots. A value is found in one of 4 slots picked by a hash of its bytes;
/// a new value takes one of the 4 whose value was not found lately (<see cref="Victim"/>). Escaped values (<c>\u0041</c>), values split across buffers and longer values
/// are made as before, never kept. Not thread-safe: each thread binding lines has its own, so no slot is written by two
/// cores.</remarks>
internal sealed class Utf8TextCache
{
    /// <summary>The most values held.</summary>
    public const int Capacity = Sets * Ways;

    /// <summary>The longest value held, in UTF-8 bytes; a longer one is made every time, as it rarely repeats.</summary>
    public const int MaxBytes = 64;

    private const int Sets = 128;
    private const int Ways = 4;

    private readonly byte[] _bytes = new byte[Capacity * MaxBytes];
    private readonly byte[] _lengths = new byte[Capacity];
    private readonly uint[] _hashes = new uint[Capacity];
    private readonly string?[] _texts = new string?[Capacity];

    /// <summary>Per slot, whether its value was found since the hand last passed it.</summary>
    private readonly bool[] _found = new bool[Capacity];

    /// <summary>Per set, the way its clock hand points at: the next to go, unless its value was found since.</summary>
    private readonly byte[] _hands = new byte[Sets];

    /// <summary>How many slots hold a value.</summary>
    public int Count { get; private set; }

    /// <summary>The string value the reader is on (a <see cref="JsonTokenType.String"/> or a property name), as
    /// <see cref="Utf8JsonReader.GetString"/> reads it; looked up and kept only while <paramref name="trial"/> says the
    /// values it counts repeat.</summary>
    /// <exception cref="InvalidOperationException">The value is not valid text, as <see cref="Utf8JsonReader.GetString"/> throws.</exception>
    public string Text(ref Utf8JsonReader reader, ref RepeatTrial trial)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxBytes || !trial.Worthwhile)
        {
            return reader.GetString()!;
        }

        var value = reader.ValueSpan;
        trial.Tried();
        var hash = Hash(value);
        var set = (int)(hash % Sets);
        var first = set * Ways;
        for (var slot = first; slot < first + Ways; slot++)
        {
            if (_hashes[slot] == hash && _texts[slot] is { } known && value.SequenceEqual(_bytes.AsSpan(slot * MaxBytes, _lengths[slot])))
            {
                trial.Hit();
                _found[slot] = true;
                return known;
            }
        }

        // Made by the reader, as without the cache: the same checks (text that is not valid UTF-8 throws) and the same string.
        var made = reader.GetString()!;
        var victim = Victim(set);
        if (_texts[victim] is null)
        {
            Count++;
        }

        value.CopyTo(_bytes.AsSpan(victim * MaxBytes));
        _lengths[victim] = (byte)value.Length;
        _hashes[victim] = hash;
        _texts[victim] = made;
        return made;
    }

    /// <summary>The slot a new value of <paramref name="set"/> takes: the first from the clock hand on whose value was not
    /// found since the hand last passed (a second chance, the CLOCK policy), so that a value met once (an id during its
    /// trial, a value of a map that mixes repeated and one-off values) goes before the values found again and again.
    /// At most one turn of the set clears every mark, so the search ends within <see cref="Ways"/> + 1 steps.</summary>
    private int Victim(int set)
    {
        var first = set * Ways;
        var way = _hands[set];
        while (_found[first + way])
        {
            _found[first + way] = false;
            way = (byte)((way + 1) % Ways);
        }

        _hands[set] = (byte)((way + 1) % Ways);
        return first + way;
    }

    /// <summary>A hash of a short value's bytes, 8 at a time (the multiply-rotate step of xxHash's rounds). Not seeded: a
    /// hostile input that makes values collide only makes them miss, since a set holds 4 and a miss costs what no cache
    /// would.</summary>
    private static uint Hash(ReadOnlySpan<byte> value)
    {
        const ulong multiplier = 0x9E3779B97F4A7C15;
        var hash = (ulong)value.Length;
        while (value.Length >= sizeof(ulong))
        {
            hash = BitOperations.RotateLeft((hash ^ BinaryPrimitives.ReadUInt64LittleEndian(value)) * multiplier, 31);
            value = value[sizeof(ulong)..];
        }

        ulong tail = 0;
        for (var i = 0; i < value.Length; i++)
        {
            tail |= (ulong)value[i] << (8 * i);
        }

        hash = (hash ^ tail) * multiplier;
        return (uint)(hash >> 32) ^ (uint)hash;
    }
}

/// <summary>Whether looking up one field's values in a <see cref="Utf8TextCache"/> is worth it: during a trial of the first
/// 256 look-ups, and after it while at least one look-up in eight found its value, the rule the evaluator's result caches
/// follow (<c>RecentRing</c>). A field whose values never repeat, such as an id, stops being looked up (and stops taking
/// slots from the values that do) once its trial is over. A mutable struct: keep it in an array or a field, never copy it.</summary>
internal struct RepeatTrial
{
    /// <summary>The look-ups made before the hits decide.</summary>
    public const int Length = 256;

    private int _tries;
    private int _hits;

    /// <summary>During the trial, or when at least one look-up in eight found its value.</summary>
    public readonly bool Worthwhile => _tries < Length || _hits * 8 >= _tries;

    public void Tried()
    {
        if (_tries < int.MaxValue / 8)
        {
            _tries++;
        }
    }

    public void Hit()
    {
        if (_hits < int.MaxValue / 8)
        {
            _hits++;
        }
    }
}
