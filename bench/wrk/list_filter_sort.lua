-- A page of 50 contacts of one country, by last name.
request = function()
  local country = countries[math.random(#countries)]
  return wrk.format("GET", "/api/v1/contacts?country=" .. country .. "&sort=last_name&limit=50")
end
