namespace SkPlugins.Generation.Constraints.Json;

/// <summary>A compiled JSON Schema node: what one JSON value may be. Nodes compare by reference (automaton states point at them).</summary>
internal abstract class SchemaNode;

/// <summary>Any JSON value (<c>{}</c>, <c>true</c>, <c>json_object</c> mode).</summary>
internal sealed class AnyValueNode : SchemaNode
{
    public static AnyValueNode Instance { get; } = new();

    public static StringNode AnyString { get; } = new(0, null);

    public static LiteralNode Keywords { get; } = new(["true", "false", "null"]);
}

/// <summary>An object with declared properties, written in declaration order; optional ones may be left out; no others.</summary>
internal sealed class ObjectNode(PropertyNode[] properties) : SchemaNode
{
    public PropertyNode[] Properties { get; } = properties;

    /// <summary>Whether a required property lies in <c>[from, to)</c>.</summary>
    public bool RequiredBetween(int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (Properties[i].Required)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The properties that may be written next after <paramref name="next"/>: every one up to and including the first required one.</summary>
    public ulong Candidates(int next)
    {
        ulong mask = 0;
        for (var i = next; i < Properties.Length; i++)
        {
            mask |= 1UL << i;
            if (Properties[i].Required)
            {
                break;
            }
        }

        return mask;
    }
}

/// <summary>A declared property: its key as written (escaped name and closing quote) and its value.</summary>
internal sealed class PropertyNode(string name, byte[] keyBytes, bool required)
{
    public string Name { get; } = name;

    public byte[] KeyBytes { get; } = keyBytes;

    public bool Required { get; } = required;

    public SchemaNode Value { get; set; } = AnyValueNode.Instance;
}

/// <summary>An object whose keys are free (any string) and whose values are <see cref="Values"/>.</summary>
internal sealed class MapNode(SchemaNode values) : SchemaNode
{
    public static MapNode Any { get; } = new(AnyValueNode.Instance);

    public SchemaNode Values { get; } = values;
}

/// <summary>An array of <see cref="Items"/> with a count range.</summary>
internal sealed class ArrayNode(SchemaNode items, int minItems, int? maxItems) : SchemaNode
{
    public static ArrayNode Any { get; } = new(AnyValueNode.Instance, 0, null);

    public SchemaNode Items { get; } = items;

    public int MinItems { get; } = minItems;

    public int? MaxItems { get; } = maxItems;

    /// <summary>The count after one more item, saturated where it no longer matters.</summary>
    public int Increment(int count) => Math.Min(count + 1, MaxItems ?? MinItems);
}

/// <summary>A string with a length range in code points.</summary>
internal sealed class StringNode(int minLength, int? maxLength) : SchemaNode
{
    public int MinLength { get; } = minLength;

    public int? MaxLength { get; } = maxLength;

    public bool CountsLength => MinLength > 0 || MaxLength is not null;
}

/// <summary>A JSON number, or an integer (no fraction, no exponent).</summary>
internal sealed class NumberNode(bool integer) : SchemaNode
{
    public static NumberNode Number { get; } = new(false);

    public static NumberNode Integer { get; } = new(true);

    public bool IsInteger { get; } = integer;
}

/// <summary>One of fixed serialisations (booleans, null, <c>enum</c>, <c>const</c>), matched through a byte trie.</summary>
internal sealed class LiteralNode : SchemaNode
{
    private readonly List<Dictionary<byte, int>> _children = [new()];
    private readonly List<bool> _terminal = [false];

    public LiteralNode(IEnumerable<string> serialisations)
    {
        foreach (var text in serialisations)
        {
            var node = 0;
            foreach (var b in System.Text.Encoding.UTF8.GetBytes(text))
            {
                if (!_children[node].TryGetValue(b, out var next))
                {
                    next = _children.Count;
                    _children.Add([]);
                    _terminal.Add(false);
                    _children[node][b] = next;
                }

                node = next;
            }

            _terminal[node] = true;
        }
    }

    public int Child(int node, byte b) => _children[node].TryGetValue(b, out var next) ? next : -1;

    public bool IsTerminal(int node) => _terminal[node];

    public bool HasChildren(int node) => _children[node].Count > 0;
}

/// <summary>Alternatives (<c>anyOf</c>, <c>oneOf</c>, a list of types): the automaton follows every one that still matches.</summary>
internal sealed class AnyOfNode(SchemaNode[] options) : SchemaNode
{
    public SchemaNode[] Options { get; set; } = options;
}

/// <summary>A <c>$ref</c>, resolved after the whole schema is compiled (so recursion works).</summary>
internal sealed class RefNode(string reference) : SchemaNode
{
    public string Reference { get; } = reference;

    public SchemaNode? Target { get; set; }
}
