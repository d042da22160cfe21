using SkPlugins.Generation.Constraints.Json;

namespace SkPlugins.Generation.Constraints;

/// <summary>One output's progress through a <see cref="ToolChoiceConstraint"/>.</summary>
internal sealed class ToolChoiceState : ILogitsConstraintState
{
    private readonly ToolChoiceConstraint _owner;
    private readonly IReadOnlyCollection<int> _stop;
    private GrammarState _json;
    private Phase _phase;

    public ToolChoiceState(ToolChoiceConstraint owner, IReadOnlyCollection<int> stopTokenIds)
    {
        _owner = owner;
        _stop = stopTokenIds;
        _json = GrammarState.Start(owner.Call.Root);
        _phase = owner.OpenToken is not null ? (owner.Required ? Phase.Opening : Phase.Free) : (owner.Required ? Phase.Json : Phase.Undecided);
    }

    private enum Phase
    {
        Undecided,
        Free,
        Opening,
        Json,
        Closing,
        Done,
    }

    /// <inheritdoc />
    public bool IsComplete => _phase is Phase.Free or Phase.Done || (_phase == Phase.Json && _json.CanEnd && _owner.CloseToken is null);

    /// <inheritdoc />
    public void Mask(ReadOnlySpan<float> logits, Span<float> masked)
    {
        switch (_phase)
        {
            case Phase.Free:
                logits.CopyTo(masked);
                break;
            case Phase.Opening:
                Only(logits, masked, [_owner.OpenToken!.Value]);
                break;
            case Phase.Closing:
                Only(logits, masked, [_owner.CloseToken!.Value]);
                break;
            case Phase.Done:
                Only(logits, masked, _stop);
                break;
            case Phase.Json:
                var mask = _owner.Call.MaskOf(_json);
                if (_owner.CloseToken is { } close)
                {
                    if (mask.Allowed.Length == 0 && mask.StopAllowed)
                    {
                        Only(logits, masked, [close]); // the call is complete and nothing may follow it but the closing token
                        break;
                    }

                    new TokenMask(mask.Allowed, false).Apply(logits, masked, _stop);
                    if (mask.StopAllowed)
                    {
                        masked[close] = logits[close];
                    }
                }
                else
                {
                    mask.Apply(logits, masked, _stop);
                }

                break;
            default:
                var start = _owner.Call.MaskOf(_json);
                start.Apply(logits, masked, _stop);
                foreach (var id in _owner.TextStarts)
                {
                    masked[id] = logits[id];
                }

                foreach (var id in _stop)
                {
                    masked[id] = logits[id];
                }

                break;
        }
    }

    /// <inheritdoc />
    public void Accept(int tokenId)
    {
        switch (_phase)
        {
            case Phase.Free when tokenId == _owner.OpenToken:
            case Phase.Opening:
                _phase = Phase.Json;
                break;
            case Phase.Free or Phase.Done:
                break;
            case Phase.Closing:
                _phase = Phase.Done;
                break;
            case Phase.Json when tokenId == _owner.CloseToken:
                _phase = Phase.Done;
                break;
            case Phase.Json when _stop.Contains(tokenId):
                _phase = Phase.Done;
                break;
            case Phase.Json:
                _json = Advance(tokenId) ?? throw new InvalidOperationException($"token {tokenId} does not continue the tool call validly");
                break;
            default:
                if (_stop.Contains(tokenId))
                {
                    _phase = Phase.Done;
                    break;
                }

                var next = Advance(tokenId);
                var bytes = _owner.Call.Vocabulary.Bytes(tokenId) ?? [];
                var rest = bytes.AsSpan().TrimStart(" \n\t\r"u8);
                if (rest.Length == 0 && next is not null)
                {
                    _json = next; // whitespace: still undecided
                }
                else if (rest.Length > 0 && rest[0] == (byte)'{' && next is not null)
                {
                    _json = next;
                    _phase = Phase.Json;
                }
                else
                {
                    _phase = Phase.Free;
                }

                break;
        }
    }

    private GrammarState? Advance(int tokenId) => _owner.Call.Vocabulary.Bytes(tokenId) is { } bytes ? _json.Advance(bytes) : null;

    private static void Only(ReadOnlySpan<float> logits, Span<float> masked, IEnumerable<int> ids)
    {
        masked.Fill(float.NegativeInfinity);
        foreach (var id in ids)
        {
            masked[id] = logits[id];
        }
    }
}
