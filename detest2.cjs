const v = process.argv[2];
const p = v ? `/tmp/dwv/${v}/package/dist` : require('path').dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
const duckdb = require(p + '/duckdb-node-blocking.cjs');
(async () => {
  const db = await duckdb.createDuckDB({mvp:{mainModule: p+'/duckdb-mvp.wasm', mainWorker: ''}, eh:{mainModule: p+'/duckdb-eh.wasm', mainWorker: ''}}, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate(); db.open({});
  const c = db.connect();
  for (const q of ["SET home_directory='/tmp'","SET autoinstall_known_extensions=false", "SET autoload_known_extensions=false", "select version()", "select 1 from parquet_metadata('x') limit 0", "select * from read_json_auto('x')", "select * from read_csv('x')", "select json('{}')"]) {
    try { c.query(q); console.log('OK', q); } catch (e) { console.log('ERR', q, String(e).slice(0,150).replace(/\n/g,' ')); }
  }
})().catch(e=>console.error('ERR',e));
