-- A real client for `catlint lsp`: Neovim (0.7 API: vim.lsp.start_client and
-- vim.lsp.buf_attach_client) opens a broken page, prints the diagnostics it receives, checks
-- `unknown-field` at its line and character, applies the quick fix and checks the buffer.
-- Run by scripts/test-nvim.sh with CATLINT, SITE and PAGE set; exits non-zero on failure.

local function out(text)
  io.stdout:write(text .. "\n")
end

local function run()
  local catlint, site, page = os.getenv("CATLINT"), os.getenv("SITE"), os.getenv("PAGE")
  assert(catlint and site and page, "CATLINT, SITE and PAGE must be set")

  local published = {} -- every publishDiagnostics for the page, in order
  local client_id = vim.lsp.start_client({
    name = "catlint",
    cmd = { catlint, "lsp", "--debounce-ms", "50" },
    root_dir = site,
    handlers = {
      ["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
        if result and vim.uri_to_fname(result.uri) == page then
          table.insert(published, result)
        end
        return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      end,
    },
  })
  assert(client_id, "the client did not start")

  vim.cmd("edit " .. vim.fn.fnameescape(page))
  local bufnr = vim.api.nvim_get_current_buf()
  assert(vim.lsp.buf_attach_client(bufnr, client_id), "could not attach the client")

  assert(vim.wait(20000, function() return #published > 0 end, 20), "no diagnostics within 20 s")
  local first = published[1]
  out("diagnostics received for " .. vim.fn.fnamemodify(page, ":t") .. ":")
  local unknown
  for _, d in ipairs(first.diagnostics) do
    out(string.format("  %d:%d-%d:%d %s: %s", d.range.start.line, d.range.start.character,
      d.range["end"].line, d.range["end"].character, d.code, (d.message:gsub("\n", " | "))))
    if d.code == "unknown-field" then
      unknown = d
    end
  end
  assert(unknown, "no unknown-field diagnostic")
  -- `descripton` is the fourth line (0-based 3), from its first character for 10 characters.
  assert(unknown.range.start.line == 3 and unknown.range.start.character == 0,
    "unknown-field at the wrong start")
  assert(unknown.range["end"].line == 3 and unknown.range["end"].character == 10,
    "unknown-field at the wrong end")
  out("ok: unknown-field at line 3, characters 0-10")

  local client = vim.lsp.get_client_by_id(client_id)
  local response = client.request_sync("textDocument/codeAction", {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = unknown.range,
    context = { diagnostics = { unknown } },
  }, 20000, bufnr)
  assert(response and not response.err, "codeAction failed: " .. vim.inspect(response))
  local action
  for _, a in ipairs(response.result or {}) do
    out("  code action: " .. a.title .. " [" .. (a.kind or "") .. "]")
    if a.kind == "quickfix" and a.title:find("description", 1, true) then
      action = a
    end
  end
  assert(action, "no quick fix for unknown-field")
  local before = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or "utf-16")
  -- The whole buffer: line 3 renamed, every other line as it was.
  local after = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local expected = vim.deepcopy(before)
  local renamed
  expected[4], renamed = before[4]:gsub("^descripton:", "description:")
  assert(renamed == 1, "line 3 did not start with `descripton:`: " .. before[4])
  assert(#after == #expected, string.format("%d lines after the fix, %d expected", #after, #expected))
  for i = 1, #expected do
    assert(after[i] == expected[i], string.format("line %d after the fix: %q, expected %q",
      i - 1, after[i], expected[i]))
  end
  out("ok: the quick fix made line 3 `" .. after[4]:sub(1, 24) .. "…`, the other "
    .. (#after - 1) .. " lines unchanged")

  -- The edit reached the server as a change: the next diagnostics have no unknown-field.
  local count = #published
  local fixed = vim.wait(20000, function()
    if #published <= count then return false end
    for _, d in ipairs(published[#published].diagnostics) do
      if d.code == "unknown-field" then return false end
    end
    return true
  end, 20)
  assert(fixed, "the server did not republish without unknown-field")
  out("ok: republished without unknown-field (" .. #published[#published].diagnostics .. " left)")

  client.stop()
  vim.wait(5000, function() return client.is_stopped() end, 20)
end

local ok, err = pcall(run)
if ok then
  out("nvim: all checks passed")
  vim.cmd("qall!")
else
  out("FAIL: " .. tostring(err))
  vim.cmd("cquit 1")
end
