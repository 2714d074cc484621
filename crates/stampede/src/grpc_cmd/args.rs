//! The flags of `stampede grpc ...`, named as grpcurl names them so a newcomer's muscle memory
//! works: `-plaintext`, `-insecure`, `-cacert`, `-cert`, `-key`, `-authority`, `-proto`,
//! `-import-path`, `-protoset`, `-H 'k: v'`, `-d '{json}'`. grpcurl spells long flags with one
//! dash; [`normalize`] rewrites those to clap's `--long` before parsing, so both spellings work.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// `stampede grpc`: talk to a gRPC server from the command line.
#[derive(Debug, Parser)]
#[command(
    name = "stampede grpc",
    about = "Talk to a gRPC server: list and describe its services, call a method, scaffold a k6 script",
    after_help = "Descriptors come from server reflection unless -proto or -protoset is given.\n\
                  Long flags take one dash or two: -plaintext and --plaintext are the same flag.\n\
                  Exit codes: 0 OK, 1 error, 64 + gRPC status code when a call fails with a status."
)]
pub(crate) struct GrpcCli {
    /// How to reach the server.
    #[command(flatten)]
    pub(crate) conn: ConnFlags,
    /// Where descriptors come from.
    #[command(flatten)]
    pub(crate) descriptors: DescriptorFlags,
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: GrpcCommand,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum GrpcCommand {
    /// List the server's services, or the methods of one service.
    List {
        /// host:port of the server
        address: String,
        /// a fully-qualified service name (pkg.Service) whose methods to list
        service: Option<String>,
    },
    /// Describe a service, method, message or enum as proto source (all services without SYMBOL).
    Describe {
        /// host:port of the server
        address: String,
        /// a fully-qualified name: pkg.Service, pkg.Service/Method, pkg.Message, pkg.Enum
        symbol: Option<String>,
    },
    /// Call a method and print the reply as k6 scripts see it (protojson, lowerCamelCase, all fields).
    Call {
        /// host:port of the server
        address: String,
        /// the method: pkg.Service/Method
        method: String,
        /// the request as JSON ('@' reads it from stdin); several JSON objects for client streams
        #[arg(short = 'd', long = "data", value_name = "json", allow_hyphen_values = true)]
        data: Option<String>,
        /// call deadline in seconds
        #[arg(long = "max-time", value_name = "seconds")]
        max_time: Option<f64>,
    },
    /// Write a starter k6 script that calls METHOD: client, connect, a filled-in request, checks, thresholds.
    Scaffold {
        /// host:port of the server
        address: String,
        /// the method: pkg.Service/Method
        method: String,
        /// the file to write (default: standard output)
        #[arg(short = 'o', long = "output", value_name = "file", allow_hyphen_values = true)]
        output: Option<PathBuf>,
        /// the request to put in the script, as JSON (default: every field with a sample value)
        #[arg(short = 'd', long = "data", value_name = "json", allow_hyphen_values = true)]
        data: Option<String>,
    },
}

/// Connection flags (grpcurl's names).
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct ConnFlags {
    /// use plain-text HTTP/2 (no TLS)
    #[arg(long, global = true)]
    pub(crate) plaintext: bool,
    /// skip server certificate and domain verification (TLS)
    #[arg(long, global = true)]
    pub(crate) insecure: bool,
    /// file with the PEM CA certificates that verify the server
    #[arg(long, global = true, value_name = "file")]
    pub(crate) cacert: Option<PathBuf>,
    /// file with the PEM client certificate (mutual TLS; needs -key)
    #[arg(long, global = true, value_name = "file")]
    pub(crate) cert: Option<PathBuf>,
    /// file with the PEM client private key (mutual TLS; needs -cert)
    #[arg(long, global = true, value_name = "file")]
    pub(crate) key: Option<PathBuf>,
    /// value of the :authority pseudo-header (and TLS server name)
    #[arg(long, global = true, value_name = "string")]
    pub(crate) authority: Option<String>,
    /// request metadata as 'name: value' (repeatable)
    #[arg(short = 'H', global = true, value_name = "'name: value'")]
    pub(crate) headers: Vec<String>,
    /// seconds to wait for the connection (default 10)
    #[arg(long = "connect-timeout", global = true, value_name = "seconds")]
    pub(crate) connect_timeout: Option<f64>,
}

/// Descriptor source flags (grpcurl's names). None of them: server reflection.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct DescriptorFlags {
    /// a .proto file to load instead of using reflection (repeatable)
    #[arg(long, global = true, value_name = "file")]
    pub(crate) proto: Vec<String>,
    /// a directory to search for -proto files and their imports (repeatable)
    #[arg(long = "import-path", global = true, value_name = "dir")]
    pub(crate) import_path: Vec<String>,
    /// a serialized FileDescriptorSet to load instead of using reflection (repeatable)
    #[arg(long, global = true, value_name = "file")]
    pub(crate) protoset: Vec<String>,
}

impl DescriptorFlags {
    /// `true` when descriptors come from files rather than reflection.
    pub(crate) fn uses_files(&self) -> bool {
        !self.proto.is_empty() || !self.protoset.is_empty()
    }
}

/// grpcurl's long flags, spelled with one dash on its command line.
const LONG_FLAGS: &[&str] = &[
    "plaintext",
    "insecure",
    "cacert",
    "cert",
    "key",
    "authority",
    "proto",
    "import-path",
    "protoset",
    "connect-timeout",
    "max-time",
    "data",
    "output",
    "help",
];

/// Flags that take a value in the next word (whose value must not be rewritten).
const VALUE_FLAGS: &[&str] = &[
    "cacert",
    "cert",
    "key",
    "authority",
    "proto",
    "import-path",
    "protoset",
    "connect-timeout",
    "max-time",
    "data",
    "output",
];

/// Rewrites `-plaintext` / `-proto=x` into `--plaintext` / `--proto=x`; anything else (short
/// flags, values, positionals) is left alone.
pub(crate) fn normalize(args: Vec<OsString>) -> Vec<OsString> {
    let mut out = Vec::with_capacity(args.len());
    let mut value_next = false;
    for arg in args {
        if value_next {
            value_next = false;
            out.push(arg);
            continue;
        }
        let Some(text) = arg.to_str() else {
            out.push(arg);
            continue;
        };
        let long = text.strip_prefix("--").or_else(|| text.strip_prefix('-').filter(|rest| is_long_name(rest)));
        match long {
            Some(rest) => {
                let (name, has_value) = match rest.split_once('=') {
                    Some((name, _)) => (name, true),
                    None => (rest, false),
                };
                value_next = !has_value && VALUE_FLAGS.contains(&name);
                out.push(OsString::from(format!("--{rest}")));
            }
            None => {
                value_next = matches!(text, "-d" | "-H" | "-o");
                out.push(arg);
            }
        }
    }
    out
}

/// Whether a single-dash word (without its dash) is a long flag: a known one, or an unknown
/// word that is not a short flag with its value attached (`-d{}`, `-Hk:v`, `-ofile`) nor a
/// number — so a typo like `-plaintxt` is reported whole, with clap's suggestion.
fn is_long_name(rest: &str) -> bool {
    let name = rest.split('=').next().unwrap_or(rest);
    if LONG_FLAGS.contains(&name) {
        return true;
    }
    let mut chars = rest.chars();
    match chars.next() {
        Some('d' | 'H' | 'o' | 'h') | None => false,
        Some(c) if c.is_ascii_digit() || c == '.' => false,
        Some(_) => chars.next().is_some(),
    }
}

/// Parses the words after `stampede grpc`.
pub(crate) fn parse(args: Vec<OsString>) -> Result<GrpcCli, clap::Error> {
    let mut all = vec![OsString::from("stampede grpc")];
    all.extend(normalize(args));
    GrpcCli::try_parse_from(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<OsString> {
        s.split_whitespace().map(OsString::from).collect()
    }

    #[test]
    fn single_and_double_dash_are_the_same_flag() {
        let one =
            parse(words("call -plaintext -proto q.proto -import-path dir -H a:b localhost:1 p.S/M -d {}")).unwrap();
        let two = parse(words("call --plaintext --proto q.proto --import-path dir -H a:b localhost:1 p.S/M --data {}"))
            .unwrap();
        for cli in [one, two] {
            assert!(cli.conn.plaintext);
            assert_eq!(cli.descriptors.proto, ["q.proto"]);
            assert_eq!(cli.descriptors.import_path, ["dir"]);
            assert_eq!(cli.conn.headers, ["a:b"]);
            assert!(matches!(cli.command, GrpcCommand::Call { ref data, .. } if data.as_deref() == Some("{}")));
        }
    }

    #[test]
    fn values_are_not_rewritten() {
        let cli = parse(words("scaffold localhost:1 p.S/M -o -plaintext -authority=x")).unwrap();
        let call = parse(words("call localhost:1 p.S/M -d -5")).unwrap();
        assert!(matches!(call.command, GrpcCommand::Call { ref data, .. } if data.as_deref() == Some("-5")));
        assert!(!cli.conn.plaintext, "-plaintext was the value of -o");
        assert_eq!(cli.conn.authority.as_deref(), Some("x"));
        assert!(
            matches!(cli.command, GrpcCommand::Scaffold { output: Some(ref o), .. } if o.as_os_str() == "-plaintext")
        );
    }

    #[test]
    fn flags_before_the_subcommand() {
        let cli = parse(words("-plaintext -insecure list localhost:1 svc")).unwrap();
        assert!(cli.conn.plaintext && cli.conn.insecure);
        assert!(matches!(cli.command, GrpcCommand::List { service: Some(ref s), .. } if s == "svc"));
    }

    #[test]
    fn unknown_flags_are_errors() {
        assert!(parse(words("list -bogus localhost:1")).is_err());
        assert!(parse(words("frobnicate localhost:1")).is_err());
    }
}
