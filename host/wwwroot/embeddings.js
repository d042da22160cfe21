// Embeddings: a cosine-similarity heatmap of a few sentences (/v1/embeddings) and semantic search over the 'sentences' collection.
import { $, callApi, showError, debounce, isAbort, element } from './api.js';
import { heatmap } from './charts.js';

const LINES = ['The cat sat on the mat.', 'A kitten is resting on the rug.', 'Stock prices fell sharply today.', 'The market dropped after the news.', 'I love heavy metal guitars.'];

function cosine(a, b) {
  let dot = 0; let na = 0; let nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return dot / (Math.sqrt(na * nb) || 1);
}

async function similarity(signal) {
  showError('sim-error', null);
  const lines = $('sim-lines').value.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 12);
  if (lines.length < 2) { showError('sim-error', 'write at least two sentences, one per line'); return; }
  try {
    const result = await callApi('/v1/embeddings', { input: lines }, signal);
    const vectors = result.data.sort((a, b) => a.index - b.index).map((d) => d.embedding);
    heatmap($('heatmap'), lines, vectors.map((a) => vectors.map((b) => cosine(a, b))));
    $('heatmap-caption').textContent = `Cosine similarity of the sentence embeddings (${result.model}, ${vectors[0].length} dimensions).`;
  } catch (error) {
    if (!isAbort(error)) showError('sim-error', error);
  }
}

async function search(signal) {
  showError('search-error', null);
  const query = $('search-query').value.trim();
  if (!query) return;
  try {
    const hits = await callApi('/api/functions/embeddings/search_sentences', { query, top: 5 }, signal);
    $('search-results').replaceChildren(...hits.map((hit) => element('li', {}, hit.text, element('span', { class: 'score' }, Number(hit.score).toFixed(4)))));
  } catch (error) {
    if (isAbort(error)) return;
    const missing = /collection|not exist|no sentence/i.test(error.message);
    showError('search-error', missing ? `${error.message}\nRun 'skplugins tour' once (it stores example sentences), or 'skplugins store ingest sentences --file lines.txt'.` : error);
  }
}

export function initEmbeddings() {
  $('sim-lines').value = LINES.join('\n');
  const liveSimilarity = debounce(similarity, 500);
  const liveSearch = debounce(search, 400);
  $('sim-lines').addEventListener('input', () => liveSimilarity());
  $('sim-run').addEventListener('click', () => similarity());
  $('search-query').addEventListener('input', () => liveSearch());
  $('search-run').addEventListener('click', () => search());
  $('search-query').addEventListener('keydown', (e) => { if (e.key === 'Enter') search(); });
}
