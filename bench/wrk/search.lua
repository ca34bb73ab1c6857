-- A page of 50 contacts matching a name (q searches name, email and phones).
request = function()
  local name = names[math.random(#names)]
  return wrk.format("GET", "/api/v1/contacts?q=" .. name .. "&limit=50")
end
