//! Threshold expressions: `<aggregation> <operator> <number>`, parsed the way k6 parses them.
//!
//! Operators are tried in the order `<=`, `<`, `>=`, `>`, `===`, `==`, `!=`; the first one found
//! with a non-empty right side splits the expression at its first occurrence. Both sides are
//! trimmed. The right side is a float; the left side an aggregation (`count`, `rate`, `value`,
//! `avg`, `min`, `max`, `med`, `p(N)`).

use crate::MetricType;
use crate::threshold::ThresholdError;

/// What a threshold reads from a sink.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Aggregation {
    /// Counter sum.
    Count,
    /// Counter per-second rate, or Rate share of passes.
    Rate,
    /// Gauge last value.
    Value,
    /// Trend mean.
    Avg,
    /// Trend minimum.
    Min,
    /// Trend maximum.
    Max,
    /// Trend median.
    Med,
    /// Trend percentile (0–100).
    Percentile(f64),
}

impl Aggregation {
    /// The method name k6 uses in validation errors (`p` for any percentile).
    pub fn method_name(&self) -> &'static str {
        match self {
            Aggregation::Count => "count",
            Aggregation::Rate => "rate",
            Aggregation::Value => "value",
            Aggregation::Avg => "avg",
            Aggregation::Min => "min",
            Aggregation::Max => "max",
            Aggregation::Med => "med",
            Aggregation::Percentile(_) => "p",
        }
    }

    /// True when a metric of `metric_type` supports this aggregation.
    pub fn valid_for(&self, metric_type: MetricType) -> bool {
        use Aggregation::*;
        matches!(
            (metric_type, self),
            (MetricType::Counter, Count | Rate)
                | (MetricType::Gauge, Value)
                | (MetricType::Rate, Rate)
                | (MetricType::Trend, Avg | Min | Max | Med | Percentile(_))
        )
    }
}

/// The aggregations allowed for `metric_type`, as k6 lists them in errors.
pub(crate) fn supported_methods(metric_type: MetricType) -> &'static str {
    match metric_type {
        MetricType::Counter => "count, rate",
        MetricType::Gauge => "value",
        MetricType::Rate => "rate",
        MetricType::Trend => "avg, min, max, med, p",
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    /// `<=`
    LessEq,
    /// `<`
    Less,
    /// `>=`
    GreaterEq,
    /// `>`
    Greater,
    /// `===` or `==`
    Equal,
    /// `!=`
    NotEqual,
}

const OPERATORS: [(&str, Operator); 7] = [
    ("<=", Operator::LessEq),
    ("<", Operator::Less),
    (">=", Operator::GreaterEq),
    (">", Operator::Greater),
    ("===", Operator::Equal),
    ("==", Operator::Equal),
    ("!=", Operator::NotEqual),
];

/// A parsed threshold expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    /// What is read from the sink.
    pub aggregation: Aggregation,
    /// How it is compared.
    pub operator: Operator,
    /// What it is compared with.
    pub value: f64,
    /// The aggregation text as written (`p(95)`), used by summaries.
    pub aggregation_text: String,
}

impl Expression {
    /// Parses `source` (e.g. `p(95) < 200`).
    pub fn parse(source: &str) -> Result<Self, ThresholdError> {
        let (left, operator, right) =
            scan(source).ok_or_else(|| ThresholdError::Malformed { expression: source.to_string() })?;
        let aggregation = parse_aggregation(left)
            .map_err(|reason| ThresholdError::LeftSide { expression: source.to_string(), reason })?;
        let value = parse_go_float(right).ok_or_else(|| ThresholdError::RightSide {
            expression: source.to_string(),
            reason: format!("strconv.ParseFloat: parsing {}: invalid syntax", go_quote(right)),
        })?;
        Ok(Self { aggregation, operator, value, aggregation_text: left.to_string() })
    }

    /// True when `actual` satisfies the expression.
    pub fn passes(&self, actual: f64) -> bool {
        match self.operator {
            Operator::LessEq => actual <= self.value,
            Operator::Less => actual < self.value,
            Operator::GreaterEq => actual >= self.value,
            Operator::Greater => actual > self.value,
            Operator::Equal => actual == self.value,
            Operator::NotEqual => actual != self.value,
        }
    }
}

fn scan(source: &str) -> Option<(&str, Operator, &str)> {
    for (text, op) in OPERATORS {
        if let Some(pos) = source.find(text) {
            let right = source[pos + text.len()..].trim();
            if !right.is_empty() {
                return Some((source[..pos].trim(), op, right));
            }
        }
    }
    None
}

fn parse_aggregation(left: &str) -> Result<Aggregation, String> {
    Ok(match left {
        "count" => Aggregation::Count,
        "rate" => Aggregation::Rate,
        "value" => Aggregation::Value,
        "avg" => Aggregation::Avg,
        "min" => Aggregation::Min,
        "max" => Aggregation::Max,
        "med" => Aggregation::Med,
        _ => {
            let inner = left
                .strip_prefix("p(")
                .and_then(|s| s.strip_suffix(')'))
                .ok_or_else(|| "failed parsing method from expression".to_string())?;
            let p = parse_go_float(inner).ok_or_else(|| {
                format!(
                    "malformed percentile value; reason: strconv.ParseFloat: parsing {}: invalid syntax",
                    go_quote(inner)
                )
            })?;
            Aggregation::Percentile(p)
        }
    })
}

/// Parses a float the way Go's `strconv.ParseFloat` accepts common inputs.
fn parse_go_float(s: &str) -> Option<f64> {
    if s.is_empty() || s.contains('_') {
        return None;
    }
    s.parse::<f64>().ok()
}

/// Quotes like Go's `%q` for the plain strings found in expressions.
pub(crate) fn go_quote(s: &str) -> String {
    format!("{s:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_operators_in_k6_order() {
        let e = Expression::parse(" p(99.9) <= 200 ").unwrap();
        assert_eq!(e.aggregation, Aggregation::Percentile(99.9));
        assert_eq!(e.operator, Operator::LessEq);
        assert_eq!(e.value, 200.0);
        assert_eq!(e.aggregation_text, "p(99.9)");
        assert_eq!(Expression::parse("rate===1").unwrap().operator, Operator::Equal);
        assert_eq!(Expression::parse("rate!=1").unwrap().operator, Operator::NotEqual);
        assert!(Expression::parse("count>5").unwrap().passes(6.0));
    }

    #[test]
    fn errors_match_k6_texts() {
        let msg = |s: &str| Expression::parse(s).unwrap_err().to_string();
        assert_eq!(
            msg("count>>1"),
            r#"failed parsing threshold expresion's "count>>1" right hand side; reason: strconv.ParseFloat: parsing ">1": invalid syntax"#
        );
        assert_eq!(
            msg("count"),
            r#"failed parsing threshold expression "count"; reason: malformed threshold expression"#
        );
        assert_eq!(
            msg("count=1"),
            r#"failed parsing threshold expression "count=1"; reason: malformed threshold expression"#
        );
        assert_eq!(
            msg("foo>1"),
            r#"failed parsing threshold expression's "foo>1" left hand side; reason: failed parsing method from expression"#
        );
        assert_eq!(
            msg("p(abc)<1"),
            r#"failed parsing threshold expression's "p(abc)<1" left hand side; reason: malformed percentile value; reason: strconv.ParseFloat: parsing "abc": invalid syntax"#
        );
    }

    #[test]
    fn aggregation_validity_per_type() {
        assert!(Aggregation::Rate.valid_for(MetricType::Counter));
        assert!(!Aggregation::Percentile(95.0).valid_for(MetricType::Counter));
        assert!(Aggregation::Med.valid_for(MetricType::Trend));
        assert!(!Aggregation::Count.valid_for(MetricType::Trend));
    }
}
