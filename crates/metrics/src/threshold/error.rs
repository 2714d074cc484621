//! Threshold definition errors, worded exactly as k6 words them (the engine maps them to exit
//! code 104, k6's InvalidConfig).

/// Why the `thresholds` option was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThresholdError {
    /// No operator with a right-hand side was found.
    #[error("failed parsing threshold expression {}; reason: malformed threshold expression", crate::threshold::expr::go_quote(.expression))]
    Malformed {
        /// The expression as written.
        expression: String,
    },
    /// The aggregation could not be parsed.
    #[error("failed parsing threshold expression's {} left hand side; reason: {reason}", crate::threshold::expr::go_quote(.expression))]
    LeftSide {
        /// The expression as written.
        expression: String,
        /// Why.
        reason: String,
    },
    /// The number could not be parsed (k6's own typo "expresion's" kept).
    #[error("failed parsing threshold expresion's {} right hand side; reason: {reason}", crate::threshold::expr::go_quote(.expression))]
    RightSide {
        /// The expression as written.
        expression: String,
        /// Why.
        reason: String,
    },
    /// The threshold names a metric that does not exist.
    #[error("invalid threshold defined on {name}; reason: no metric name {} found", crate::threshold::expr::go_quote(.name))]
    UnknownMetric {
        /// The metric (or sub-metric) name as written.
        name: String,
    },
    /// A sub-metric tag filter is not `key:value`.
    #[error("unable to validate threshold expressions; reason: parsing metric name failed, metric {} tag expression is malformed", crate::threshold::expr::go_quote(.tag))]
    MalformedTag {
        /// The offending `key:value` text.
        tag: String,
    },
    /// The aggregation does not exist for the metric's type.
    #[error("invalid threshold {} applied on metric {metric}; reason: unsupported aggregation method {method} on metric of type {metric_type}. supported aggregation methods for this metric are: {supported}", crate::threshold::expr::go_quote(.expression))]
    UnsupportedAggregation {
        /// The expression as written.
        expression: String,
        /// The metric name.
        metric: String,
        /// The aggregation method (`p` for percentiles).
        method: String,
        /// The metric type.
        metric_type: String,
        /// The allowed methods.
        supported: String,
    },
    /// The option value does not have k6's shape (map of arrays of strings or objects).
    #[error("{0}")]
    Shape(String),
}
