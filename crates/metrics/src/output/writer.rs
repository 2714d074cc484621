//! Where an output writes: stdout or a file, gzip-compressed when the file name ends in `.gz`.

use std::fs::File;
use std::io::{self, BufWriter, Write};

use flate2::Compression;
use flate2::write::GzEncoder;

/// A buffered destination.
pub(crate) enum Sink {
    Stdout(BufWriter<io::Stdout>),
    File(BufWriter<File>),
    Gzip(Option<GzEncoder<BufWriter<File>>>),
}

impl Sink {
    /// Opens `path` (`None` or `-` is stdout); `.gz` paths are compressed.
    pub(crate) fn open(path: Option<&str>) -> io::Result<Self> {
        match path {
            None | Some("-") | Some("") => Ok(Sink::Stdout(BufWriter::new(io::stdout()))),
            Some(p) => {
                let file = BufWriter::new(File::create(p)?);
                if p.ends_with(".gz") {
                    Ok(Sink::Gzip(Some(GzEncoder::new(file, Compression::default()))))
                } else {
                    Ok(Sink::File(file))
                }
            }
        }
    }

    /// Writes all of `bytes`.
    pub(crate) fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => w.write_all(bytes),
            Sink::File(w) => w.write_all(bytes),
            Sink::Gzip(Some(w)) => w.write_all(bytes),
            Sink::Gzip(None) => Ok(()),
        }
    }

    /// Flushes buffers (a gzip stream is only flushed, not finished).
    pub(crate) fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::File(w) => w.flush(),
            Sink::Gzip(Some(w)) => w.flush(),
            Sink::Gzip(None) => Ok(()),
        }
    }

    /// Flushes and, for gzip, writes the trailer.
    pub(crate) fn finish(&mut self) -> io::Result<()> {
        match self {
            Sink::Gzip(w) => match w.take() {
                Some(enc) => enc.finish()?.flush(),
                None => Ok(()),
            },
            other => other.flush(),
        }
    }
}
