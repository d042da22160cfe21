// Encode throughput of @huggingface/tokenizers, for tests/Benchmarks/TokenizationBenchmark.cs (same text, same run).
// Usage: node benchmark.mjs <documents.json> <tokenizer.json> <tokenizer_config.json|-> <seconds>
// Prints one JSON line: {"mb_per_s": ..., "tokens": ..., "passes": ...}.
import { readFileSync } from "node:fs";
import { Tokenizer } from "@huggingface/tokenizers";

const [docsPath, tokenizerPath, configPath, secondsArg] = process.argv.slice(2);
const docs = JSON.parse(readFileSync(docsPath, "utf8"));
const config = configPath && configPath !== "-" ? JSON.parse(readFileSync(configPath, "utf8")) : {};
const tokenizer = new Tokenizer(JSON.parse(readFileSync(tokenizerPath, "utf8")), config);
const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d, "utf8"), 0);
const seconds = Number(secondsArg ?? 3);

let tokens = 0;
for (const d of docs) tokens += tokenizer.encode(d).ids.length; // warm-up pass
let passes = 0;
const start = process.hrtime.bigint();
let elapsed = 0;
do {
  for (const d of docs) tokenizer.encode(d);
  passes++;
  elapsed = Number(process.hrtime.bigint() - start) / 1e9;
} while (elapsed < seconds);
console.log(JSON.stringify({ mb_per_s: (bytes * passes) / elapsed / 1e6, tokens, passes }));
