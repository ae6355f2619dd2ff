// What the build scripts use to decide whether their inputs changed: the SHA-256 of files' names
// and contents (a missing file counts as "missing"), and the files under a folder.
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

/** Every file under `dir`, nested folders included (none when it does not exist). */
function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [p];
  });
}

module.exports = { hashFiles, listFiles };
