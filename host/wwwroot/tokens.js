// Tokenizers: the text through several tokenizers, live as you type (debounced), in the book's colours, ids on hover/focus.
import { $, callApi, showError, debounce, isAbort, element } from './api.js';

// The book's six background colours for tokens (show_tokens in chapter 2).
const BOOK_COLOURS = ['102,194,165', '252,141,98', '141,160,203', '231,138,195', '166,216,84', '255,217,47'];
export const BOOK_TEXT = 'English and CAPITALIZATION\n🎵 鸟\nshow_tokens False None elif == >= else: two tabs:"    " Three tabs: "       "\n12.0*50=600';

function howToGet(name) {
  return `Get them on a machine with internet (the Hub download is automatic when SkPlugins:Artifacts:Offline is false), ` +
    `or copy them into the Hugging Face cache, or set SkPlugins:Artifacts:Paths:${name} to a folder holding tokenizer.json.`;
}

function tokenRow(row) {
  const name = row.tokenizer;
  const stats = element('span', { class: 'stats' });
  const div = element('div', { class: 'token-row', dataset: { tokenizer: name } }, element('h3', {}, name + ' ', stats));
  if (row.error) {
    div.classList.add('missing');
    stats.textContent = 'files not available here';
    div.append(element('p', { class: 'missing-help' }, row.error + ' ' + howToGet(name)));
    return div;
  }

  stats.textContent = `${row.count} tokens · ${Number(row.characters_per_token).toFixed(2)} characters/token` + (row.unknown_count ? ` · ${row.unknown_count} unknown` : '');
  stats.dataset.count = row.count;
  const line = element('div', { class: 'tokens' });
  (row.tokens || []).forEach((token, i) => {
    const id = row.ids ? row.ids[i] : undefined;
    const span = element('span', { class: 'tok', title: id === undefined ? token : `id ${id}`, dataset: { id: id ?? '' } }, token.replace(/\n/g, '\\n'));
    span.style.backgroundColor = `rgb(${BOOK_COLOURS[i % BOOK_COLOURS.length]})`;
    span.tabIndex = i === 0 ? 0 : -1; // one tab stop per row; arrow keys move between its tokens
    line.append(span);
  });
  if (row.tokens && row.count > row.tokens.length) line.append(element('span', { class: 'hint' }, ` … ${row.count - row.tokens.length} more`));
  div.append(line);
  return div;
}

async function compare(signal) {
  showError('token-error', null);
  const body = { text: $('token-text').value };
  if (!body.text) { $('token-rows').replaceChildren(); return; }
  const names = $('token-names').value.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length) body.tokenizers = names.join(',');
  $('token-rows').setAttribute('aria-busy', 'true');
  try {
    const rows = await callApi('/api/tokens/compare', body, signal);
    $('token-rows').replaceChildren(...rows.map(tokenRow));
  } catch (error) {
    if (!isAbort(error)) showError('token-error', error);
  } finally {
    $('token-rows').setAttribute('aria-busy', 'false');
  }
}

function describe(event) {
  const token = event.target.closest('.tok');
  if (!token) return;
  const row = token.closest('.token-row');
  $('token-detail').textContent = `${row.dataset.tokenizer}: “${token.textContent}” is id ${token.dataset.id}`;
}

// Left/right arrows move the focus between the tokens of a row (a roving tab stop), so ids can be read without a mouse.
function moveFocus(event) {
  const token = event.target.closest('.tok');
  if (!token || (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft')) return;
  let next = event.key === 'ArrowRight' ? token.nextElementSibling : token.previousElementSibling;
  while (next && !next.classList.contains('tok')) next = event.key === 'ArrowRight' ? next.nextElementSibling : next.previousElementSibling;
  if (!next) return;
  event.preventDefault();
  token.tabIndex = -1;
  next.tabIndex = 0;
  next.focus();
}

export function initTokens() {
  $('token-text').value = BOOK_TEXT;
  const live = debounce(compare, 300);
  $('token-text').addEventListener('input', () => live());
  $('token-names').addEventListener('input', () => live());
  $('compare').addEventListener('click', () => compare());
  $('token-names').addEventListener('keydown', (e) => { if (e.key === 'Enter') compare(); });
  $('token-rows').addEventListener('mouseover', describe);
  $('token-rows').addEventListener('focusin', describe);
  $('token-rows').addEventListener('keydown', moveFocus);
  compare();
}
