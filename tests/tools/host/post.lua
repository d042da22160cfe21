-- wrk script for a JSON POST against `skplugins serve`, e.g.
--   BODY='{"song":"2172","top":5}' wrk -t2 -c16 -d30s --latency -s tests/tools/host/post.lua http://127.0.0.1:5080/api/songs/recommend
-- API_KEY in the environment adds the X-Api-Key header.
wrk.method = "POST"
wrk.body = os.getenv("BODY") or '{"text":"The quick brown fox jumps over the lazy dog."}'
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("API_KEY")
if key and #key > 0 then wrk.headers["X-Api-Key"] = key end
