// Shared helpers of the page: REST calls with the optional API key, error lines, debouncing.

export const $ = (id) => document.getElementById(id);

export function headers() {
  const result = { 'Content-Type': 'application/json' };
  const key = $('api-key').value.trim();
  if (key) result['X-Api-Key'] = key;
  localStorage.setItem('skplugins-api-key', key);
  return result;
}

// POSTs JSON (or GETs when body is undefined); throws Error('STATUS: detail') with the server's problem detail.
export async function callApi(path, body, signal) {
  const init = body === undefined ? { headers: headers(), signal } : { method: 'POST', headers: headers(), body: JSON.stringify(body), signal };
  const response = await fetch(path, init);
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!response.ok) {
    const detail = (json && (json.detail || json.title)) || text || response.statusText;
    throw new Error(`${response.status}: ${detail}`);
  }
  return json;
}

export function showError(id, error) {
  const element = $(id);
  element.textContent = error ? String(error.message || error) : '';
  element.hidden = !error;
}

// Calls fn after `wait` ms without another call; a newer call aborts the older request through the AbortSignal it gets.
export function debounce(fn, wait = 300) {
  let timer = 0;
  let controller = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      controller?.abort();
      controller = new AbortController();
      fn(controller.signal, ...args);
    }, wait);
  };
}

export function isAbort(error) { return error && error.name === 'AbortError'; }

export function element(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key in node) node[key] = value;
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}
