namespace SkPlugins.Generation.Tests.Constraints;

/// <summary>
/// Schemas of the subset tools and structured outputs use, each bounded (string lengths, item counts) so that even random weights
/// reach the end of the value within the token budget: inside an unbounded string almost every token is allowed, and a random model
/// would rarely choose the closing quote.
/// </summary>
public static class ConstraintSchemas
{
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        ["integer"] = """{"type":"integer"}""",
        ["number"] = """{"type":"number"}""",
        ["boolean"] = """{"type":"boolean"}""",
        ["enum"] = """{"enum":["red","green","blue",42,null,true]}""",
        ["const"] = """{"const":{"a":[1,2]}}""",
        ["short-string"] = """{"type":"string","maxLength":6}""",
        ["tool-args"] = """
            {"type":"object","properties":{"city":{"type":"string","maxLength":8},"days":{"type":"integer"},"unit":{"enum":["c","f"]}},
             "required":["city","days"],"additionalProperties":false}
            """,
        ["optional-only"] = """
            {"type":"object","properties":{"a":{"type":"boolean"},"b":{"type":"null"},"c":{"type":"number"}},"additionalProperties":false}
            """,
        ["array"] = """{"type":"array","items":{"type":"integer"},"minItems":1,"maxItems":3}""",
        ["nullable"] = """{"type":["string","null"],"maxLength":4}""",
        ["anyOf-objects"] = """
            {"anyOf":[{"type":"object","properties":{"kind":{"const":"circle"},"r":{"type":"number"}},"required":["kind","r"],"additionalProperties":false},
                      {"type":"object","properties":{"kind":{"const":"square"},"side":{"type":"integer"}},"required":["kind","side"],"additionalProperties":false}]}
            """,
        ["nested-defs"] = """
            {"$defs":{"point":{"type":"object","properties":{"x":{"type":"integer"},"y":{"type":"integer"}},"required":["x","y"],"additionalProperties":false}},
             "type":"object","properties":{"name":{"type":"string","minLength":1,"maxLength":5},"points":{"type":"array","items":{"$ref":"#/$defs/point"},"maxItems":2}},
             "required":["name","points"],"additionalProperties":false}
            """,
        ["recursive"] = """
            {"$defs":{"node":{"type":"object","properties":{"v":{"type":"integer"},"next":{"anyOf":[{"$ref":"#/$defs/node"},{"type":"null"}]}},"required":["v","next"],"additionalProperties":false}},
             "$ref":"#/$defs/node"}
            """,
    };
}
