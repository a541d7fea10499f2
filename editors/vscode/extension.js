// The catlint extension: starts `catlint lsp` for Markdown files and connects it to
// VS Code through vscode-languageclient. Everything else (which files are taxonomy pages,
// catlint.toml, the index of the site) is the server's job.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

function createClient() {
  const settings = vscode.workspace.getConfiguration('catlint');
  // The server takes whole milliseconds (a setting of 150.5 or -1 would stop it starting).
  const setting = Number(settings.get('debounceMs', 200));
  const debounceMs = Number.isFinite(setting) ? Math.max(0, Math.round(setting)) : 200;
  const args = ['lsp', '--debounce-ms', String(debounceMs)];
  const config = settings.get('config', '');
  if (config) {
    args.push('--config', config);
  }
  const serverOptions = {
    command: settings.get('path', 'catlint') || 'catlint',
    args,
    transport: TransportKind.stdio,
  };
  const clientOptions = {
    // The server decides which Markdown files are term pages or posts of a Hugo site.
    documentSelector: [{ scheme: 'file', language: 'markdown' }],
  };
  return new LanguageClient('catlint', 'catlint', serverOptions, clientOptions);
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  client = createClient();
  context.subscriptions.push(
    vscode.commands.registerCommand('catlint.restart', async () => {
      if (client) {
        await client.stop();
      }
      client = createClient();
      await client.start();
    }),
  );
  await client.start();
}

async function deactivate() {
  if (client) {
    await client.stop();
  }
}

module.exports = { activate, deactivate };
