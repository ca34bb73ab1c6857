-- A knowledge base search as an agent types it: one or two words of support articles (a
-- frequent one, a rarer one, or a prefix), ranked over 100,000 published articles.
local words = {
  "printer", "password reset", "vpn", "certificate", "invoice", "firmware update", "router",
  "email", "login error", "backup", "sync", "offline", "driver", "restart", "refund",
  "warranty", "print", "conn", "network connection", "timeout", "license", "csv export",
  "camera", "battery", "dns", "migration", "the", "webhook", "audit", "storage quota",
}
request = function()
  local q = string.gsub(words[math.random(#words)], " ", "%%20")
  return wrk.format("GET", "/api/v1/knowledge-articles/search?q=" .. q .. "&limit=10")
end
