-- A knowledge base search as an agent types it, over 100,000 published articles: a topic word,
-- two words, a product name, a prefix, a generic word found in most articles ("settings"), or a
-- stop word alone ("the", not searched).
local words = {
  "printer", "password reset", "vpn", "certificate", "invoice", "firmware update", "router",
  "email", "login error", "backup", "sync", "offline", "driver", "restart", "refund",
  "warranty", "print", "conn", "zx150", "neo120 battery", "timeout", "license", "csv export",
  "camera", "battery", "dns", "migration", "the", "webhook", "audit", "storage quota", "settings",
  "cert", "pro199", "mailbox", "lt101 wireless",
}
request = function()
  local q = string.gsub(words[math.random(#words)], " ", "%%20")
  return wrk.format("GET", "/api/v1/knowledge-articles/search?q=" .. q .. "&limit=10")
end
