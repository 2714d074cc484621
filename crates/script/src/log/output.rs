//! Reading k6's `--log-output` flag (`stderr`, `stdout`, `none`, `file=PATH[,level=LEVEL]`)
//! and level names, with k6's error texts for bad values. `loki` is recognised but not
//! supported by Stampede and says so.

use std::str::FromStr;

use super::{Level, LogError, LogOutput};

/// A parsed `--log-output`: where records go and, for files, the lowest level written.
#[derive(Debug)]
pub struct LogOutputSpec {
    /// The destination.
    pub output: LogOutput,
    /// `file=...,level=LEVEL`: records below this level are dropped.
    pub min_level: Option<Level>,
}

impl FromStr for LogOutputSpec {
    type Err = LogError;

    fn from_str(flag: &str) -> Result<Self, Self::Err> {
        let plain = |output| Ok(LogOutputSpec { output, min_level: None });
        match flag {
            "stderr" => return plain(LogOutput::Stderr),
            "stdout" => return plain(LogOutput::Stdout),
            "none" => return plain(LogOutput::None),
            _ => {}
        }
        let kind = flag.split(['=', ',']).next().unwrap_or_default();
        match kind {
            "file" => parse_file(flag),
            "loki" => Err(LogError::UnsupportedOutput {
                output: flag.to_owned(),
                hint: "; Stampede writes logs to stderr, stdout, none or file=PATH",
            }),
            _ => Err(LogError::UnsupportedOutput { output: flag.to_owned(), hint: "" }),
        }
    }
}

/// `file=PATH[,level=LEVEL]`.
fn parse_file(flag: &str) -> Result<LogOutputSpec, LogError> {
    let mut path = None;
    let mut min_level = None;
    for part in flag.split(',') {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        match key {
            "file" if value.is_empty() => return Err(LogError::MissingValue(key.to_owned())),
            "file" => path = Some(value.into()),
            "level" => min_level = Some(value.parse()?),
            other => return Err(LogError::UnknownFileKey(other.to_owned())),
        }
    }
    let path = path.ok_or_else(|| LogError::MissingValue("file".to_owned()))?;
    Ok(LogOutputSpec { output: LogOutput::File(path), min_level })
}

impl FromStr for Level {
    type Err = LogError;

    /// logrus' level names; `trace` counts as debug and `fatal`/`panic` as error.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "trace" | "debug" => Ok(Level::Debug),
            "info" => Ok(Level::Info),
            "warn" | "warning" => Ok(Level::Warning),
            "error" | "fatal" | "panic" => Ok(Level::Error),
            _ => Err(LogError::UnknownLevel(s.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(flag: &str) -> String {
        flag.parse::<LogOutputSpec>().unwrap_err().to_string()
    }

    #[test]
    fn parses_destinations() {
        assert!(matches!("stderr".parse::<LogOutputSpec>().unwrap().output, LogOutput::Stderr));
        assert!(matches!("stdout".parse::<LogOutputSpec>().unwrap().output, LogOutput::Stdout));
        assert!(matches!("none".parse::<LogOutputSpec>().unwrap().output, LogOutput::None));
        let spec: LogOutputSpec = "file=./k6.log,level=warning".parse().unwrap();
        assert!(matches!(&spec.output, LogOutput::File(p) if p.as_os_str() == "./k6.log"));
        assert_eq!(spec.min_level, Some(Level::Warning));
        let spec: LogOutputSpec = "file=/tmp/x.log".parse().unwrap();
        assert_eq!(spec.min_level, None);
    }

    #[test]
    fn errors_use_k6_texts() {
        assert_eq!(err("bogus"), "unsupported log output 'bogus'");
        assert_eq!(err(""), "unsupported log output ''");
        assert_eq!(err("file"), "error while parsing logfile configuration key `file` with no value");
        assert_eq!(err("file=/tmp/x,level=bogus"), "unknown log level bogus");
        assert_eq!(err("file=/tmp/x,foo=1"), "unknown logfile config key foo");
        assert!(err("loki=localhost:3100").starts_with("unsupported log output 'loki=localhost:3100'; Stampede"));
    }
}
