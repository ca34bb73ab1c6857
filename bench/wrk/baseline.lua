-- The baseline server: one fixed document.
request = function() return wrk.format("GET", "/contact") end
