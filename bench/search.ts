// npm run bench:search: smart search latency over an index of at least 10,000 entries.
// The index holds the real catalog (34 indicators, 97 reporting units with the ceased ones) and
// 10,000 more indicator-like entries made deterministically from Vietnamese words, so that
// common words ("tỷ lệ", "số", "giá trị") hit thousands of entries as they would in a full
// catalog of indicators x units x agencies. Queries mix the examples, unaccented and
// accented forms, one-word prefixes being typed, and multi-word queries that hit nothing.
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { CatalogRegistry, SearchIndex, catalogEntries, createServer, paths, type SearchEntry } from '@ioc/content-server';
import { machine, summary, writeResult } from './support.js';

const EXTRA = Number(process.env.BENCH_SEARCH_ENTRIES ?? 10_000);
const QUERIES = Number(process.env.BENCH_SEARCH_QUERIES ?? 3000);

const HEADS = ['Tỷ lệ', 'Số', 'Giá trị', 'Tổng', 'Chỉ số', 'Sản lượng', 'Doanh thu', 'Vốn', 'Diện tích', 'Mức'];
const TOPICS = ['xuất khẩu nông sản', 'đầu tư công', 'hộ nghèo', 'trường học đạt chuẩn', 'bệnh viện tuyến huyện', 'điện nông thôn', 'nước sạch', 'rừng trồng mới', 'khách du lịch', 'doanh nghiệp công nghệ', 'thuê bao di động', 'hồ sơ trực tuyến', 'tai nạn lao động', 'thủy sản', 'lúa gạo', 'cà phê', 'cao su', 'điện mặt trời', 'khu công nghiệp', 'nhà ở xã hội'];
const TAILS = ['theo quý', 'lũy kế năm', 'so với cùng kỳ', 'so với kế hoạch', 'bình quân đầu người', 'theo vùng', 'khu vực đô thị', 'khu vực nông thôn'];

let seed = 20261123;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const catalog = CatalogRegistry.load(paths).catalog;
const entries: SearchEntry[] = catalogEntries(catalog);
for (let i = 0; i < EXTRA; i++) {
  const vi = `${pick(HEADS)} ${pick(TOPICS)} ${pick(TAILS)} ${i}`;
  entries.push({ kind: 'indicator', id: `synthetic_${i}`, label: { vi, en: `Synthetic indicator ${i}` }, what: { vi: 'Chỉ tiêu', en: 'Indicator' }, detail: null, perProvince: i % 2 === 0 });
}
const built = performance.now();
const index = new SearchIndex(entries);
const buildMs = performance.now() - built;

const EXAMPLES = ['dong nai', 'Đồng Nai', 'xuat khau ha noi', 'gdp', 'tăng trưởng', 'tang truong gdp da nang', 'ty le ho ngheo', 'so doanh nghiep cong nghe', 'dau tu cong quang ninh', 'ca phe', 'h', 'ha', 'thu', 'khach du lich khanh hoa', 'sao hoa xuat khau', 'dien mat troi ninh thuan'];
const queries = Array.from({ length: QUERIES }, (_, i) => (i % 3 === 0 ? pick(EXAMPLES) : `${pick(HEADS)} ${pick(TOPICS).split(' ').slice(0, 1 + Math.floor(rand() * 2)).join(' ')}`));
for (const q of queries.slice(0, 200)) index.search(q); // warm-up
const lat: number[] = [];
let found = 0;
for (const q of queries) {
  const t0 = performance.now();
  const r = index.search(q, { limit: 20 });
  lat.push(performance.now() - t0);
  if (r.length) found++;
}
const inProcess = summary(lat);

// Through HTTP on a running server (its own index: the real catalog, layouts, commands, devices).
const server = await createServer({ port: 0, host: '127.0.0.1', dataDir: `/tmp/ioc-bench-search-${process.pid}`, demo: false, demoRoom: false, logger: pino({ level: 'silent' }), watchLayouts: false });
const readerKey = (await server.keys.create('bench-search', 'reader')).key;
const http: number[] = [];
for (const q of queries.slice(0, 1000)) {
  const t0 = performance.now();
  const res = await fetch(`${server.url}/api/v1/search?q=${encodeURIComponent(q)}`, { headers: { authorization: `Bearer ${readerKey}` } });
  await res.json();
  http.push(performance.now() - t0);
}
await server.close();
const overHttp = summary(http);

console.log(`index of ${index.size} entries built in ${buildMs.toFixed(0)} ms`);
console.log(`search in process, ${QUERIES} queries (${found} with results), ms`, inProcess);
console.log(`GET /api/v1/search on the server's own index (${server.search.index().size} entries), 1000 queries, ms`, overHttp);
console.log(`written ${writeResult('search', { date: new Date().toISOString(), machine: machine(), entries: index.size, buildMs: Math.round(buildMs), inProcess, overHttp })}`);
process.exit(0);
