// The SHA-256 of files' names and contents (a missing file counts as "missing"): what the build
// scripts compare with the hash they stored to decide whether their inputs changed.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/** `files` are relative to `root`; they are hashed in sorted order. */
function hashFiles(root, files) {
  const h = crypto.createHash('sha256');
  for (const f of [...files].sort()) {
    h.update(f);
    try {
      h.update(fs.readFileSync(path.join(root, f)));
    } catch {
      h.update('missing');
    }
  }
  return h.digest('hex');
}

module.exports = { hashFiles };
