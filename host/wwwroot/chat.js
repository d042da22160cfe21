// Chat: streams /v1/chat/completions (server-sent chat.completion.chunk events), renders text deltas and OpenAI-format tool_calls
// deltas as they arrive; with tools on, offers the kernel functions as tools, runs the calls the model asks for through
// /api/functions/{plugin}/{function} and sends the results back as 'tool' messages (the standard OpenAI client loop).
import { $, callApi, headers, showError, element } from './api.js';

const MAX_ROUNDS = 5;
let history = [];
let controller = null;
let tools = null;

const JSON_TYPES = { Int32: 'integer', Int64: 'integer', Double: 'number', Single: 'number', Boolean: 'boolean' };

async function kernelTools() {
  if (tools) return tools;
  const functions = await callApi('/api/functions');
  tools = functions.map((f) => ({
    type: 'function',
    function: {
      name: `${f.plugin}-${f.name}`,
      description: f.description || '',
      parameters: {
        type: 'object',
        properties: Object.fromEntries(f.parameters.map((p) => [p.name, { type: JSON_TYPES[p.type] || 'string', description: p.description || '' }])),
        required: f.parameters.filter((p) => p.required).map((p) => p.name),
      },
    },
  }));
  return tools;
}

function add(node) {
  $('chat-log').append(node);
  $('chat-log').scrollTop = $('chat-log').scrollHeight;
  return node;
}

// Reads the SSE stream; calls onChunk for each JSON event until [DONE].
async function readEvents(response, onChunk) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
      if (!data) continue;
      if (data === '[DONE]') return;
      onChunk(JSON.parse(data));
    }
  }
}

function callText(call) { return `→ ${call.function.name}(${call.function.arguments})`; }

// One model turn: streams the answer, returns the assistant message (content and tool_calls).
async function turn(useTools) {
  const body = { messages: history, stream: true, max_tokens: Number($('chat-max').value) || 200 };
  if (useTools) body.tools = await kernelTools();
  const response = await fetch('/v1/chat/completions', { method: 'POST', headers: headers(), body: JSON.stringify(body), signal: controller.signal });
  if (!response.ok) {
    const text = await response.text();
    let detail = text;
    try { const json = JSON.parse(text); detail = json.detail || json.error?.message || json.title || text; } catch { /* not JSON */ }
    throw new Error(`${response.status}: ${detail}`);
  }

  const message = { role: 'assistant', content: '' };
  const calls = [];
  const callNodes = [];
  let textNode = null;
  await readEvents(response, (chunk) => {
    if (chunk.error) throw new Error(chunk.error.message || 'the stream failed');
    const delta = chunk.choices?.[0]?.delta;
    if (!delta) return;
    if (delta.role === 'tool') { // a server that runs tools itself may stream their results
      add(element('div', { class: 'tool-result' }, `← ${delta.content ?? ''}`));
      return;
    }
    if (delta.content) {
      textNode ??= add(element('div', { class: 'msg assistant' }));
      message.content += delta.content;
      textNode.textContent = message.content;
    }
    for (const part of delta.tool_calls || []) {
      const index = part.index ?? calls.length;
      calls[index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } };
      const call = calls[index];
      if (part.id) call.id = part.id;
      if (part.function?.name) call.function.name += part.function.name;
      if (part.function?.arguments) call.function.arguments += part.function.arguments;
      callNodes[index] ??= add(element('div', { class: 'tool-call' }));
      callNodes[index].textContent = callText(call);
    }
  });
  if (calls.length) message.tool_calls = calls.filter(Boolean);
  return message;
}

async function runTool(call) {
  const [plugin, ...rest] = call.function.name.split('-');
  let args = {};
  try { args = call.function.arguments ? JSON.parse(call.function.arguments) : {}; } catch { return `error: the arguments are not JSON: ${call.function.arguments}`; }
  try {
    return JSON.stringify(await callApi(`/api/functions/${encodeURIComponent(plugin)}/${encodeURIComponent(rest.join('-'))}`, args, controller.signal));
  } catch (error) {
    return `error: ${error.message}`;
  }
}

async function send() {
  const text = $('chat-input').value.trim();
  if (!text || controller) return;
  showError('chat-error', null);
  history.push({ role: 'user', content: text });
  add(element('div', { class: 'msg user' }, text));
  $('chat-input').value = '';
  controller = new AbortController();
  $('chat-send').disabled = true;
  $('chat-stop').disabled = false;
  try {
    const useTools = $('chat-tools').checked;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const message = await turn(useTools);
      history.push(message);
      if (!message.tool_calls || !useTools) break;
      for (const call of message.tool_calls) {
        const result = await runTool(call);
        add(element('div', { class: 'tool-result', dataset: { tool: call.function.name } }, `← ${call.function.name}: ${result}`));
        history.push({ role: 'tool', tool_call_id: call.id, content: result });
      }
    }
  } catch (error) {
    if (error.name !== 'AbortError') showError('chat-error', error);
  } finally {
    controller = null;
    $('chat-send').disabled = false;
    $('chat-stop').disabled = true;
  }
}

export function initChat() {
  $('chat-send').addEventListener('click', send);
  $('chat-stop').addEventListener('click', () => controller?.abort());
  $('chat-clear').addEventListener('click', () => { history = []; $('chat-log').replaceChildren(); });
  $('chat-input').addEventListener('keydown', (e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
}
