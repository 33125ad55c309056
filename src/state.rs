//! The widget's state as text: the compact batch notation of attributes and links.
//!
//! A batch is written `h:y` per sample, separated by commas: `"0.9:1,0.6:1,0.2:0"`.
//!
//! ```
//! use bce_explorer::state::{format_batch, parse_batch};
//!
//! let samples = parse_batch("0.9:1, 0.2:0").unwrap();
//! assert_eq!("0.9:1,0.2:0", format_batch(&samples));
//! ```

use std::fmt;

use crate::batch::{Sample, MAX_SAMPLES};
use crate::loss::LossError;
use crate::readout::parse_number;

/// Maximum length of the text a [`StateError`] repeats, in characters.
const MAX_QUOTED_CHARS: usize = 24;

/// The reason a batch's text was rejected.
#[derive(Debug, Clone, PartialEq)]
pub enum StateError {
    /// The text names no sample.
    Empty,
    /// The text names more than [`MAX_SAMPLES`] samples.
    TooMany {
        /// The number of samples named.
        count: usize,
    },
    /// A sample is not of the form `h:y` with two numbers.
    Malformed {
        /// The 1-based position of the sample.
        position: usize,
        /// The sample's text, shortened.
        text: String,
    },
    /// A sample's prediction or label is outside [0, 1].
    Invalid {
        /// The 1-based position of the sample.
        position: usize,
        /// The reason it is invalid.
        error: LossError,
    },
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateError::Empty => {
                write!(f, "the batch is empty: write samples as h:y, such as 0.9:1")
            }
            StateError::TooMany { count } => write!(
                f,
                "the batch has {count} samples: at most {MAX_SAMPLES} are allowed"
            ),
            StateError::Malformed { position, text } => write!(
                f,
                "sample {position} ({text:?}) is not of the form h:y, such as 0.9:1"
            ),
            StateError::Invalid { position, error } => write!(f, "sample {position}: {error}"),
        }
    }
}

impl std::error::Error for StateError {}

/// Parses a batch written as `h:y` pairs separated by commas; spaces are ignored.
///
/// # Errors
///
/// A [`StateError`] naming the first sample that is malformed or out of range, or the
/// count when there are no samples or more than [`MAX_SAMPLES`].
pub fn parse_batch(text: &str) -> Result<Vec<Sample>, StateError> {
    let parts: Vec<&str> = text
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    if parts.is_empty() {
        return Err(StateError::Empty);
    }
    if parts.len() > MAX_SAMPLES {
        return Err(StateError::TooMany { count: parts.len() });
    }

    let mut samples = Vec::with_capacity(parts.len());
    for (index, part) in parts.iter().enumerate() {
        let position = index + 1;
        let malformed = || StateError::Malformed {
            position,
            text: part.chars().take(MAX_QUOTED_CHARS).collect(),
        };
        let (h, y) = part.split_once(':').ok_or_else(malformed)?;
        let h = parse_number(h).map_err(|_| malformed())?;
        let y = parse_number(y).map_err(|_| malformed())?;
        let sample = Sample::new(h, y).map_err(|error| StateError::Invalid { position, error })?;
        samples.push(sample);
    }
    Ok(samples)
}

/// Writes a batch as `h:y` pairs separated by commas, each number in its shortest exact
/// form, so [`parse_batch`] reads back the same values.
pub fn format_batch(samples: &[Sample]) -> String {
    samples
        .iter()
        .map(|sample| format!("{}:{}", sample.h, sample.y))
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_round_trips() {
        let text = "0.9:1,0.6:1,0.3:1,0.2:0,0.7:0,0.12345:0.9";
        let samples = parse_batch(text).unwrap();
        assert_eq!(6, samples.len());
        assert_eq!(Sample { h: 0.12345, y: 0.9 }, samples[5]);
        assert_eq!(text, format_batch(&samples));
    }

    #[test]
    fn batch_accepts_spaces_and_trailing_comma() {
        let samples = parse_batch(" 0.5 : 1 , 0.25:0 ,").unwrap();
        assert_eq!(
            vec![Sample { h: 0.5, y: 1.0 }, Sample { h: 0.25, y: 0.0 }],
            samples
        );
    }

    #[test]
    fn batch_rejects_malformed() {
        assert_eq!(Err(StateError::Empty), parse_batch(" , "));
        let error = parse_batch("0.9:1,abc").unwrap_err();
        assert_eq!(
            StateError::Malformed {
                position: 2,
                text: "abc".to_owned()
            },
            error
        );
        assert_eq!(
            "sample 2 (\"abc\") is not of the form h:y, such as 0.9:1",
            error.to_string()
        );
        assert!(matches!(
            parse_batch("0.5:NaN"),
            Err(StateError::Malformed { position: 1, .. })
        ));
    }

    #[test]
    fn batch_rejects_out_of_range() {
        let error = parse_batch("0.5:1,1.5:0").unwrap_err();
        assert_eq!(
            StateError::Invalid {
                position: 2,
                error: LossError::PredictionOutOfRange { value: 1.5 }
            },
            error
        );
        assert_eq!(
            "sample 2: prediction h = 1.5 is invalid: it must be a number in [0, 1]",
            error.to_string()
        );
    }

    #[test]
    fn batch_rejects_too_many_and_long_text() {
        let many = vec!["0.5:1"; MAX_SAMPLES + 1].join(",");
        assert_eq!(
            Err(StateError::TooMany {
                count: MAX_SAMPLES + 1
            }),
            parse_batch(&many)
        );
        let hostile = format!("<script>{}</script>:1", "x".repeat(1000));
        match parse_batch(&hostile).unwrap_err() {
            StateError::Malformed { text, .. } => {
                assert_eq!(MAX_QUOTED_CHARS, text.chars().count())
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
