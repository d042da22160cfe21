// Small hand-written SVG charts (no library, nothing fetched): a similarity heatmap and a labelled 2D scatter plot.

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

// White (0 or below) to dark blue (1): readable in print and for colour-blind readers.
function blue(value) {
  const t = Math.max(0, Math.min(1, value));
  const mix = (a, b) => Math.round(a + (b - a) * t);
  return `rgb(${mix(247, 8)},${mix(251, 48)},${mix(255, 107)})`;
}

function shorten(text, length) { return text.length > length ? text.slice(0, length - 1) + '…' : text; }

// matrix[i][j] in [-1, 1]; labels on rows, numbers on the columns.
export function heatmap(container, labels, matrix) {
  const n = labels.length;
  const cell = n > 8 ? 34 : 44;
  const left = 210;
  const top = 26;
  const root = svg('svg', { viewBox: `0 0 ${left + n * cell + 10} ${top + n * cell + 10}`, width: left + n * cell + 10, role: 'img',
    'aria-label': `Similarity heatmap of ${n} sentences` });
  root.append(svg('title', {}, 'Cosine similarity of the sentence embeddings'));
  labels.forEach((label, i) => {
    root.append(svg('text', { x: left - 6, y: top + i * cell + cell / 2 + 4, 'text-anchor': 'end', 'font-size': 12 }, `${i + 1}. ${shorten(label, 28)}`));
    root.append(svg('text', { x: left + i * cell + cell / 2, y: top - 8, 'text-anchor': 'middle', 'font-size': 12 }, String(i + 1)));
  });
  matrix.forEach((row, i) => row.forEach((value, j) => {
    const g = svg('g', { class: 'cell', 'data-row': i, 'data-col': j, 'data-value': value.toFixed(4) });
    g.append(svg('rect', { x: left + j * cell, y: top + i * cell, width: cell - 2, height: cell - 2, fill: blue(value) }));
    g.append(svg('text', { x: left + j * cell + cell / 2 - 1, y: top + i * cell + cell / 2 + 4, 'text-anchor': 'middle', 'font-size': 11,
      fill: value > 0.55 ? '#fff' : '#222' }, value.toFixed(2)));
    g.append(svg('title', {}, `${labels[i]}\n${labels[j]}\ncosine ${value.toFixed(4)}`));
    root.append(g);
  }));
  container.replaceChildren(root);
}

// points: [{key, x, y, label, short?}] (short is drawn, label is the tooltip); kinds: key -> 'seed' | 'answer' | 'negative' | '' for colours.
export function scatter(container, points, kinds = {}, title = '2D map') {
  const width = 640;
  const height = 380;
  const pad = 30;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (x) => pad + ((x - minX) / ((maxX - minX) || 1)) * (width - 2 * pad - 140);
  const sy = (y) => height - pad - ((y - minY) / ((maxY - minY) || 1)) * (height - 2 * pad);
  const colours = { seed: '#d95f02', answer: '#1b9e77', negative: '#7570b3', '': '#1f5fa8' };
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, role: 'img', 'aria-label': `${title}: ${points.map((p) => p.label).join(', ')}` });
  root.append(svg('title', {}, title));
  root.append(svg('rect', { x: 0, y: 0, width, height, fill: '#fcfcfc', stroke: '#ddd' }));
  const placed = [];
  // Seed first, so its label gets the best place; other labels move up or down until they overlap no earlier one.
  const order = [...points].sort((a, b) => (kinds[b.key] === 'seed') - (kinds[a.key] === 'seed'));
  for (const point of order) {
    const kind = kinds[point.key] || '';
    const size = kind === 'seed' ? 13 : 11;
    const text = shorten(point.short ?? point.label, 30);
    const [x, y] = [sx(point.x), sy(point.y)];
    const box = { x: x + 9, w: text.length * size * 0.58, h: size + 2 };
    const offsets = [0, 13, -13, 26, -26, 39, -39, 52, -52];
    const dy = offsets.find((o) => !placed.some((p) => box.x < p.x + p.w && p.x < box.x + box.w && y + o - box.h < p.y && p.y - p.h < y + o)) ?? 0;
    placed.push({ ...box, y: y + dy });
    const g = svg('g', { class: `point ${kind}`, 'data-key': point.key });
    g.append(svg('circle', { cx: x, cy: y, r: kind === 'seed' ? 7 : 5, fill: colours[kind] }));
    if (dy !== 0) g.append(svg('line', { x1: x + 4, y1: y, x2: x + 9, y2: y + dy, stroke: '#999' }));
    g.append(svg('text', { x: x + 9, y: y + dy + 4, 'font-size': size, 'font-weight': kind === 'seed' ? 700 : 400 }, text));
    g.append(svg('title', {}, point.label));
    root.append(g);
  }
  container.replaceChildren(root);
}
