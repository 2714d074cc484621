//! Consolidation of the configuration layers in k6's order — defaults < config file < script
//! options < environment < CLI flags — followed by the derivation of scenarios from the
//! shortcuts. Validation is a separate step ([`super::validate`]) because it needs the script's
//! exports.

use super::Options;
use super::decode::Decoded;
use super::derive::derive_scenarios;
use super::env::EnvOverrides;
use super::error::OptionsError;

/// What the command line sets: only flags the user actually gave are `Some`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CliOverrides {
    /// The options layer.
    pub options: Options,
    /// `-o/--out` values.
    pub out: Option<Vec<String>>,
    /// `-l/--linger`.
    pub linger: Option<bool>,
    /// `--no-usage-report`.
    pub no_usage_report: Option<bool>,
}

/// The layers to consolidate, lowest first. Any may be empty.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ConfigLayers {
    /// The JSON config file (`-c`), decoded with [`super::decode_config_file`].
    pub config_file: Option<Decoded>,
    /// The script's exported `options`, decoded with [`super::decode_options`].
    pub script: Option<Decoded>,
    /// The `K6_*` / `STAMPEDE_*` variables, from [`super::parse_env`].
    pub env: EnvOverrides,
    /// The CLI flags.
    pub cli: CliOverrides,
}

/// The consolidated configuration.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Consolidated {
    /// The options, with `scenarios` derived.
    pub options: Options,
    /// `out` from the highest layer that set it.
    pub out: Vec<String>,
    /// `linger` from the highest layer that set it.
    pub linger: bool,
    /// `noUsageReport` from the highest layer that set it.
    pub no_usage_report: bool,
    /// Warnings k6 logs at level `warning`, in order.
    pub warnings: Vec<String>,
}

/// Merges the layers and derives scenarios. Errors are shortcut conflicts (exit 104).
pub fn consolidate(layers: &ConfigLayers) -> Result<Consolidated, OptionsError> {
    let mut options = Options::default();
    let mut warnings = Vec::new();
    let mut out = None;
    let mut linger = None;
    let mut no_usage_report = None;
    let env = &layers.env;
    let cli = &layers.cli;
    let steps: [(&str, Option<&Options>, Option<&Vec<String>>, Option<bool>, Option<bool>); 4] = [
        (
            "config",
            layers.config_file.as_ref().map(|d| &d.options),
            layers.config_file.as_ref().and_then(|d| d.out.as_ref()),
            layers.config_file.as_ref().and_then(|d| d.linger),
            layers.config_file.as_ref().and_then(|d| d.no_usage_report),
        ),
        ("script", layers.script.as_ref().map(|d| &d.options), None, None, None),
        ("env", Some(&env.options), env.out.as_ref(), env.linger, env.no_usage_report),
        ("cli", Some(&cli.options), cli.out.as_ref(), cli.linger, cli.no_usage_report),
    ];
    for (level, layer, layer_out, layer_linger, layer_report) in steps {
        if let Some(layer) = layer {
            if options.apply(layer).scenarios_overridden {
                warnings.push(format!("\"{level}\" level configuration overrode scenarios configuration entirely"));
            }
        }
        if layer_out.is_some() {
            out = layer_out.cloned();
        }
        linger = layer_linger.or(linger);
        no_usage_report = layer_report.or(no_usage_report);
    }
    warnings.extend(derive_scenarios(&mut options)?);
    Ok(Consolidated {
        options,
        out: out.unwrap_or_default(),
        linger: linger.unwrap_or(false),
        no_usage_report: no_usage_report.unwrap_or(false),
        warnings,
    })
}
