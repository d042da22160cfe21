// Word vectors: GloVe neighbours of a word and an analogy, with a 2D PCA map of the words involved (/api/map/words).
import { $, callApi, showError, debounce, isAbort, element } from './api.js';
import { scatter } from './charts.js';

function list(id, scores) {
  $(id).replaceChildren(...scores.map((s) => element('li', { dataset: { word: s.word } }, s.word, element('span', { class: 'score' }, Number(s.score).toFixed(4)))));
}

async function drawMap(words, kinds, title, signal) {
  const map = await callApi('/api/map/words', { words }, signal);
  scatter($('word-map'), map.points, kinds, title);
  const [x, y] = map.explained_variance.map((v) => (v * 100).toFixed(0));
  $('word-map-caption').textContent = `${title} — PCA of the 50-dimensional GloVe vectors (x ${x}%, y ${y}% of their variance).`;
}

async function neighbours(signal) {
  showError('word-error', null);
  const word = $('word').value.trim().toLowerCase();
  if (!word) return;
  try {
    const scores = await callApi('/api/words/similar', { word, top: Number($('word-top').value) || 10 }, signal);
    list('word-results', scores);
    await drawMap([word, ...scores.map((s) => s.word)], { [word]: 'seed' }, `Neighbours of “${word}”`, signal);
  } catch (error) {
    if (!isAbort(error)) showError('word-error', error);
  }
}

async function analogy(signal) {
  showError('word-error', null);
  const [a, b, c] = ['analogy-a', 'analogy-b', 'analogy-c'].map((id) => $(id).value.trim().toLowerCase());
  if (!a || !b || !c) { showError('word-error', 'fill in a, b and c'); return; }
  try {
    const scores = await callApi('/api/functions/word_vectors/analogy', { positive: `${b},${c}`, negative: a, top: 5 }, signal);
    list('analogy-results', scores);
    const answer = scores[0]?.word;
    const words = [...new Set([a, b, c, ...scores.map((s) => s.word)])];
    await drawMap(words, { [a]: 'negative', [b]: 'seed', [c]: 'seed', [answer]: 'answer' }, `${a} : ${b} = ${c} : ${answer}`, signal);
  } catch (error) {
    if (!isAbort(error)) showError('word-error', error);
  }
}

export function initWords() {
  const live = debounce(neighbours, 400);
  $('word').addEventListener('input', () => live());
  $('word-run').addEventListener('click', () => neighbours());
  $('word').addEventListener('keydown', (e) => { if (e.key === 'Enter') neighbours(); });
  $('analogy-run').addEventListener('click', () => analogy());
  for (const id of ['analogy-a', 'analogy-b', 'analogy-c']) $(id).addEventListener('keydown', (e) => { if (e.key === 'Enter') analogy(); });
}
