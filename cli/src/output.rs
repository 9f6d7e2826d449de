//! Writing outputs. An `-o` file is written whole or not at all: the bytes go to a temporary
//! file beside the target, which is renamed over it only once everything is written. A target
//! that exists and is not a regular file (`/dev/null`, `/dev/stdout`, a named pipe) is written
//! to directly: renaming over it would replace the device with a file. Written files get the
//! mode the user's umask gives, as other tools' output does.

use std::io::Write;
use std::path::Path;

use crate::Failure;

/// Writes `text` to `path` atomically, or to stdout when there is no path.
pub fn emit(path: Option<&Path>, text: &str) -> Result<(), Failure> {
    match path {
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| Failure(format!("cannot write to standard output: {e}")))
        }
        Some(path) => write_atomically(path, text.as_bytes()),
    }
}

/// A temporary file created with the mode any tool's output gets (0666 less the umask: 0644
/// under 022), not tempfile's private 0600: the file is renamed into place, and a teammate or
/// a static host running as another user must be able to read it.
fn readable_builder() -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let shown = path.display();
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut f| f.write_all(bytes))
            .map_err(|e| Failure(format!("{shown}: cannot write: {e}")));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = readable_builder().tempfile_in(dir).map_err(|e| {
        Failure(format!(
            "{shown}: cannot create a file in {}: {e}",
            dir.display()
        ))
    })?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| Failure(format!("{shown}: cannot write: {e}")))?;
    tmp.persist(path)
        .map_err(|e| Failure(format!("{shown}: cannot write: {}", e.error)))?;
    Ok(())
}
