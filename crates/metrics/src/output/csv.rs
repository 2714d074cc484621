//! `--out csv`: one row per sample, the enabled system tags as columns, everything else in
//! `extra_tags` (sample `04-out.csv`). Rows are buffered and written every `saveInterval`.

use std::io;
use std::time::{Duration, Instant};

use time::UtcOffset;

use super::Output;
use super::spec::CsvTimeFormat;
use super::timefmt::{local_offset, rfc3339, unix_parts};
use super::writer::Sink;
use crate::{Metric, Sample};

/// Writes samples as CSV rows.
pub struct CsvOutput {
    sink: Sink,
    columns: Vec<String>,
    time_format: CsvTimeFormat,
    save_interval: Duration,
    last_save: Instant,
    buffer: String,
    offset: UtcOffset,
    description: String,
}

impl CsvOutput {
    /// Opens `path` (`-` = stdout, `.gz` = gzip) and writes the header.
    pub fn open(
        path: &str,
        system_tags: &[&str],
        time_format: CsvTimeFormat,
        save_interval: Duration,
        description: String,
    ) -> io::Result<Self> {
        let mut columns: Vec<String> =
            system_tags.iter().filter(|t| **t != "vu" && **t != "iter").map(|t| t.to_string()).collect();
        columns.sort();
        columns.dedup();
        let mut out = Self {
            sink: Sink::open(Some(path))?,
            columns,
            time_format,
            save_interval,
            last_save: Instant::now(),
            buffer: String::new(),
            offset: local_offset(),
            description,
        };
        let mut header = vec!["metric_name", "timestamp", "metric_value"];
        header.extend(out.columns.iter().map(String::as_str));
        header.extend(["extra_tags", "metadata"]);
        let header = format!("{}\n", header.join(","));
        out.sink.write_all(header.as_bytes())?;
        Ok(out)
    }

    fn timestamp(&self, sample: &Sample) -> String {
        let (secs, nanos) = unix_parts(sample.time);
        let total_nanos = secs as i128 * 1_000_000_000 + nanos as i128;
        match self.time_format {
            CsvTimeFormat::Unix => secs.to_string(),
            CsvTimeFormat::UnixMilli => (total_nanos / 1_000_000).to_string(),
            CsvTimeFormat::UnixMicro => (total_nanos / 1_000).to_string(),
            CsvTimeFormat::UnixNano => total_nanos.to_string(),
            CsvTimeFormat::Rfc3339 => rfc3339(sample.time, self.offset, false),
            CsvTimeFormat::Rfc3339Nano => rfc3339(sample.time, self.offset, true),
        }
    }
}

/// Quotes a field like Go's `encoding/csv` when needed.
fn field(s: &str) -> String {
    let needs = s.contains([',', '"', '\r', '\n']) || s.starts_with(' ') || s.starts_with('\t');
    if needs { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

impl Output for CsvOutput {
    fn description(&self) -> String {
        self.description.clone()
    }

    fn add(&mut self, sample: &Sample, metric: &Metric) -> io::Result<()> {
        let mut row: Vec<String> = Vec::with_capacity(self.columns.len() + 5);
        row.push(field(&metric.name));
        row.push(self.timestamp(sample));
        row.push(format!("{:.6}", sample.value));
        for c in &self.columns {
            row.push(field(sample.tags.get(c).unwrap_or("")));
        }
        let extra: Vec<String> = sample
            .tags
            .iter()
            .filter(|(k, _)| !self.columns.iter().any(|c| c == k))
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        row.push(field(&extra.join("&")));
        let meta: Vec<String> =
            sample.metadata.iter().flat_map(|m| m.iter()).map(|(k, v)| format!("{k}={v}")).collect();
        row.push(field(&meta.join("&")));
        self.buffer.push_str(&row.join(","));
        self.buffer.push('\n');
        if self.last_save.elapsed() >= self.save_interval {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.last_save.elapsed() < self.save_interval && self.buffer.len() < 1 << 20 {
            return Ok(());
        }
        self.last_save = Instant::now();
        let buf = std::mem::take(&mut self.buffer);
        self.sink.write_all(buf.as_bytes())?;
        self.sink.flush()
    }

    fn stop(&mut self) -> io::Result<()> {
        let buf = std::mem::take(&mut self.buffer);
        self.sink.write_all(buf.as_bytes())?;
        self.sink.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_go_csv() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field(" lead"), "\" lead\"");
    }
}
