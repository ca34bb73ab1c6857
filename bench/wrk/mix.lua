-- 80% reads, 15% creates, 5% updates.
request = function()
  local r = math.random(100)
  if r <= 80 then return get_contact() end
  if r <= 95 then return create_contact() end
  return update_contact()
end
