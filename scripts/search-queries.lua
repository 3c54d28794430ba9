-- wrk script for scripts/load-test --rotate: each request asks the next of 50 queries (antigen and
-- disease pairs over the generated releases' values, plus single filters and words), so a run
-- measures a mix of queries and not one query whose total stays remembered.
local antigens = { "CD19", "BCMA", "CD20", "GPRC5D", "CLDN18", "CD70", "CD22", "CD7" }
local diseases = { "lupus", "\"multiple myeloma\"", "\"large b-cell lymphoma\"", "\"myasthenia gravis\"", "\"gastric cancer\"" }
local words = { "enroll", "dosed", "designation", "cleared", "patients" }
local paths = {}

local function escape(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

for _, a in ipairs(antigens) do
  for _, d in ipairs(diseases) do
    table.insert(paths, "antigen:" .. a .. " disease:" .. d)
  end
end
for _, a in ipairs(antigens) do table.insert(paths, "antigen:" .. a) end
for i = 1, 50 - #paths do table.insert(paths, words[(i - 1) % #words + 1] .. " antigen:" .. antigens[(i - 1) % #antigens + 1]) end
for i, q in ipairs(paths) do paths[i] = "/api/search?q=" .. escape(q) end

local n = 0
request = function()
  n = n % #paths + 1
  return wrk.format("GET", paths[n])
end
