using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Extensions.VectorData.ProviderServices;
using Qdrant.Client.Grpc;
using Expression = System.Linq.Expressions.Expression;
using QdrantRange = Qdrant.Client.Grpc.Range;

namespace SkPlugins.VectorStore.Filters;

/// <summary>
/// Translates a VectorData LINQ filter into a Qdrant <see cref="Filter"/>: <c>==</c>, <c>!=</c>, <c>&lt;</c>, <c>&lt;=</c>,
/// <c>&gt;</c>, <c>&gt;=</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>!</c>, a bare bool property, <c>record.List.Contains(value)</c>
/// (any element matches) and <c>values.Contains(record.Field)</c> (match any). Values may be constants or captured
/// variables. The embedded store runs the same translation to reject what Qdrant could not run, so a filter behaves the
/// same on both stores.
/// </summary>
public static class QdrantFilterTranslator
{
    /// <summary>Translates <paramref name="filter"/> for a collection model.</summary>
    /// <param name="filter">The filter.</param>
    /// <param name="model">The record model (property names become storage names).</param>
    /// <exception cref="NotSupportedException">The filter uses a construct outside the supported set.</exception>
    public static Filter Translate<TRecord>(Expression<Func<TRecord, bool>> filter, CollectionModel model)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(model);
        var condition = new Visitor(filter.Parameters[0], model).Translate(filter.Body);
        return condition.ConditionOneOfCase == Condition.ConditionOneOfOneofCase.Filter ? condition.Filter : new Filter { Must = { condition } };
    }

    private sealed class Visitor(ParameterExpression record, CollectionModel model)
    {
        public Condition Translate(Expression node)
        {
            node = StripConvert(node);
            switch (node)
            {
                case BinaryExpression { NodeType: ExpressionType.AndAlso } and:
                    return new Condition { Filter = new Filter { Must = { Translate(and.Left), Translate(and.Right) } } };
                case BinaryExpression { NodeType: ExpressionType.OrElse } or:
                    return new Condition { Filter = new Filter { Should = { Translate(or.Left), Translate(or.Right) } } };
                case UnaryExpression { NodeType: ExpressionType.Not } not:
                    return Negate(Translate(not.Operand));
                case BinaryExpression binary when binary.NodeType is ExpressionType.Equal or ExpressionType.NotEqual
                    or ExpressionType.LessThan or ExpressionType.LessThanOrEqual or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual:
                    return Comparison(binary);
                case MethodCallExpression call when call.Method.Name == nameof(Enumerable.Contains):
                    return Contains(call);
                case MemberExpression member when member.Type == typeof(bool) && TryProperty(member, out var property):
                    return Field(property, new Match { Boolean = true });
                default:
                    throw Unsupported(node, "unsupported expression");
            }
        }

        private static Condition Negate(Condition condition) => new() { Filter = new Filter { MustNot = { condition } } };

        private Condition Comparison(BinaryExpression binary)
        {
            var kind = binary.NodeType;
            PropertyModel property;
            object? value;
            if (TryProperty(StripConvert(binary.Left), out property))
            {
                value = Evaluate(binary.Right);
            }
            else if (TryProperty(StripConvert(binary.Right), out property))
            {
                value = Evaluate(binary.Left);
                kind = kind switch
                {
                    ExpressionType.LessThan => ExpressionType.GreaterThan,
                    ExpressionType.LessThanOrEqual => ExpressionType.GreaterThanOrEqual,
                    ExpressionType.GreaterThan => ExpressionType.LessThan,
                    ExpressionType.GreaterThanOrEqual => ExpressionType.LessThanOrEqual,
                    _ => kind,
                };
            }
            else
            {
                throw Unsupported(binary, "a comparison needs a record property on one side");
            }

            if (kind is ExpressionType.Equal or ExpressionType.NotEqual)
            {
                var equal = Equal(property, value, binary);
                return kind == ExpressionType.Equal ? equal : Negate(equal);
            }

            if (property is KeyPropertyModel)
            {
                throw Unsupported(binary, "keys can only be compared with == and !=");
            }

            var number = ToDouble(value, binary);
            var range = kind switch
            {
                ExpressionType.LessThan => new QdrantRange { Lt = number },
                ExpressionType.LessThanOrEqual => new QdrantRange { Lte = number },
                ExpressionType.GreaterThan => new QdrantRange { Gt = number },
                _ => new QdrantRange { Gte = number },
            };
            return new Condition { Field = new FieldCondition { Key = property.StorageName, Range = range } };
        }

        private static Condition Equal(PropertyModel property, object? value, Expression at)
        {
            if (property is KeyPropertyModel)
            {
                return new Condition { HasId = new HasIdCondition { HasId = { ToPointId(value, at) } } };
            }

            return value switch
            {
                null => new Condition { IsNull = new IsNullCondition { Key = property.StorageName } },
                string s => Field(property, new Match { Keyword = s }),
                bool b => Field(property, new Match { Boolean = b }),
                int or long or short or byte or uint => Field(property, new Match { Integer = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) }),
                float or double => new Condition { Field = new FieldCondition { Key = property.StorageName, Range = new QdrantRange { Gte = ToDouble(value, at), Lte = ToDouble(value, at) } } },
                Guid g => Field(property, new Match { Keyword = g.ToString() }),
                _ => throw Unsupported(at, $"values of type {value.GetType().Name} cannot be compared"),
            };
        }

        private Condition Contains(MethodCallExpression call)
        {
            // instance List<T>.Contains(x), static Enumerable.Contains(source, x) or MemoryExtensions.Contains(span, x)
            Expression source;
            Expression item;
            if (call.Object is not null && call.Arguments.Count == 1)
            {
                (source, item) = (call.Object, call.Arguments[0]);
            }
            else if (call.Object is null && call.Arguments.Count == 2)
            {
                (source, item) = (call.Arguments[0], call.Arguments[1]);
            }
            else
            {
                throw Unsupported(call, "unsupported Contains overload");
            }

            source = StripSpan(StripConvert(source));
            if (TryProperty(source, out var listProperty))
            {
                var value = Evaluate(item);
                return value switch
                {
                    string s => Field(listProperty, new Match { Keyword = s }),
                    int or long => Field(listProperty, new Match { Integer = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) }),
                    _ => throw Unsupported(call, "Contains on a list property needs a string or integer value"),
                };
            }

            if (TryProperty(StripConvert(item), out var property))
            {
                if (Evaluate(source) is not IEnumerable values)
                {
                    throw Unsupported(call, "Contains needs a collection of values");
                }

                var list = values.Cast<object?>().ToList();
                if (property is KeyPropertyModel)
                {
                    var ids = new HasIdCondition();
                    ids.HasId.AddRange(list.Select(v => ToPointId(v, call)));
                    return new Condition { HasId = ids };
                }

                if (list.All(v => v is string))
                {
                    var keywords = new RepeatedStrings();
                    keywords.Strings.AddRange(list.Cast<string>());
                    return Field(property, new Match { Keywords = keywords });
                }

                if (list.All(v => v is int or long))
                {
                    var integers = new RepeatedIntegers();
                    integers.Integers.AddRange(list.Select(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)));
                    return Field(property, new Match { Integers = integers });
                }

                throw Unsupported(call, "Contains over values needs strings or integers");
            }

            throw Unsupported(call, "Contains needs a record property as the collection or as the item");
        }

        private static Condition Field(PropertyModel property, Match match) => new() { Field = new FieldCondition { Key = property.StorageName, Match = match } };

        private bool TryProperty(Expression node, out PropertyModel property)
        {
            if (node is MemberExpression { Member: PropertyInfo info } member && member.Expression == record)
            {
                if (model.PropertyMap.TryGetValue(info.Name, out property!) && property is not VectorPropertyModel)
                {
                    return true;
                }

                throw Unsupported(node, $"'{info.Name}' is not a key or data property of the record");
            }

            if (node is MethodCallExpression { Method.Name: "get_Item", Object: { } target, Arguments: [ConstantExpression { Value: string name }] } && target == record)
            {
                // dynamic records: r["field"]
                if (model.PropertyMap.TryGetValue(name, out property!) && property is not VectorPropertyModel)
                {
                    return true;
                }

                throw Unsupported(node, $"'{name}' is not a key or data field of the collection");
            }

            property = null!;
            return false;
        }

        private object? Evaluate(Expression node)
        {
            node = StripSpan(node);
            if (new ParameterFinder(record).Finds(node))
            {
                throw Unsupported(node, "the value side must not read the record");
            }

            return node is ConstantExpression constant ? constant.Value : Expression.Lambda(node).Compile().DynamicInvoke();
        }

        private static Expression StripConvert(Expression node)
        {
            while (node is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert)
            {
                node = convert.Operand;
            }

            return node;
        }

        private static Expression StripSpan(Expression node) =>
            node is MethodCallExpression { Method.Name: "op_Implicit", Arguments.Count: 1 } implicitCall
                && implicitCall.Type.IsGenericType
                && implicitCall.Type.GetGenericTypeDefinition() is var definition
                && (definition == typeof(ReadOnlySpan<>) || definition == typeof(Span<>))
                ? implicitCall.Arguments[0]
                : node;

        private static PointId ToPointId(object? value, Expression at) => value switch
        {
            ulong u => u,
            Guid g => g,
            _ => throw Unsupported(at, "keys are compared with ulong or Guid values"),
        };

        private static double ToDouble(object? value, Expression at) => value switch
        {
            int or long or short or byte or uint or ulong or float or double or decimal => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset d => d.ToUnixTimeMilliseconds(),
            _ => throw Unsupported(at, "range comparisons need a number"),
        };

        private static NotSupportedException Unsupported(Expression node, string why) => new($"filter '{node}' is not supported: {why}");
    }

    private sealed class ParameterFinder(ParameterExpression parameter) : ExpressionVisitor
    {
        private bool _found;

        public bool Finds(Expression node)
        {
            Visit(node);
            return _found;
        }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            _found |= node == parameter;
            return node;
        }
    }
}
