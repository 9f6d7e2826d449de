//! A new run's value against the same value in the runs before it: is the new run one more
//! draw from the history's distribution?
//!
//! The model is the one-way random-effects model of repeated benchmark runs: run i measures
//! μ + rᵢ + eᵢ, where rᵢ is that run's machine noise (variance τ², the *between-run*
//! variance) and eᵢ the noise of averaging its own samples (variance vᵢ = sᵢ²/nᵢ, the
//! *within-run* variance, known from the run's samples or summary). The history's values give
//! their mean M and sample variance S²; τ² is estimated by the method of moments as
//! max(0, S² − mean(vᵢ)). A new run's value c is then compared with M by
//!
//! t = (c − M) / √(τ² + v_c + max(S², mean(vᵢ)) / h),
//!
//! the variance of a new run's value (τ² + v_c) plus that of the history's mean, with
//! Satterthwaite's degrees of freedom (h − 1 for the history's part, n_c − 1 for v_c).
//! Without within-run variances (single values, stats other than the mean) τ² = S² and v = 0,
//! and this is the textbook prediction interval of a new observation from a normal sample,
//! t = (c − M) / (S·√(1 + 1/h)) with h − 1 degrees of freedom: the t-test that Bencher's
//! thresholds apply to a window of earlier runs, and the z-score conbench uses, with the
//! t distribution's allowance for a short history.

use statrs::distribution::{ContinuousCDF, StudentsT};

use super::inference::t_quantile;

/// One earlier run's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Earlier {
    pub value: f64,
    /// The squared standard error of `value` from the run's own samples (sd² / n), where
    /// known.
    pub within: Option<f64>,
}

/// The new run's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Latest {
    pub value: f64,
    /// sd² / n and n of the run's own samples, where known (n ≥ 2).
    pub within: Option<(f64, f64)>,
}

/// The result of [`against`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    /// How many earlier values were read.
    pub n: usize,
    /// Their mean, M.
    pub mean: f64,
    /// The estimated between-run variance, τ².
    pub between: f64,
    pub t: f64,
    pub df: f64,
    /// Two-sided.
    pub p_value: f64,
    /// The interval of c − M at the level asked for.
    pub lower: f64,
    pub upper: f64,
}

/// Tests `latest` against `earlier` (see the module's doc), with the interval of the
/// difference from the history's mean at `level`. Within-run variances are used only when
/// every earlier value and the latest have one. `None` below two earlier values or where the
/// numbers are not finite. A history and a latest value without any variance give p = 1 for
/// an equal value and p = 0 for any other (as Welch's test does when nothing varies).
pub fn against(earlier: &[Earlier], latest: Latest, level: f64) -> Option<Prediction> {
    let h = earlier.len();
    if h < 2 || !latest.value.is_finite() {
        return None;
    }
    let hf = h as f64;
    let mean = earlier.iter().map(|e| e.value).sum::<f64>() / hf;
    let s2 = earlier
        .iter()
        .map(|e| (e.value - mean) * (e.value - mean))
        .sum::<f64>()
        / (hf - 1.0);
    let within: Option<f64> = earlier.iter().map(|e| e.within).sum();
    let (between, mean_within, latest_within) = match (within, latest.within) {
        (Some(sum), Some(l)) => {
            let mean_within = sum / hf;
            ((s2 - mean_within).max(0.0), mean_within, Some(l))
        }
        _ => (s2, 0.0, None),
    };
    let history_part = between + s2.max(mean_within) / hf;
    let (v_c, n_c) = latest_within.unwrap_or((0.0, 0.0));
    let total = history_part + v_c;
    if !total.is_finite() || !mean.is_finite() {
        return None;
    }
    let diff = latest.value - mean;
    if total == 0.0 {
        let p_value = if diff == 0.0 { 1.0 } else { 0.0 };
        return Some(Prediction {
            n: h,
            mean,
            between,
            t: if diff == 0.0 {
                0.0
            } else {
                diff.signum() * f64::INFINITY
            },
            df: hf - 1.0,
            p_value,
            lower: diff,
            upper: diff,
        });
    }
    let df = if v_c > 0.0 && n_c > 1.0 {
        total * total / (history_part * history_part / (hf - 1.0) + v_c * v_c / (n_c - 1.0))
    } else {
        hf - 1.0
    };
    let se = total.sqrt();
    let t = diff / se;
    let dist = StudentsT::new(0.0, 1.0, df).ok()?;
    let p_value = (2.0 * dist.sf(t.abs())).min(1.0);
    let half = t_quantile(df, (1.0 + level) / 2.0)? * se;
    Some(Prediction {
        n: h,
        mean,
        between,
        t,
        df,
        p_value,
        lower: diff - half,
        upper: diff + half,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(xs: &[f64]) -> Vec<Earlier> {
        xs.iter()
            .map(|&value| Earlier {
                value,
                within: None,
            })
            .collect()
    }

    #[test]
    fn single_values_give_the_prediction_interval() {
        // 8..=12: mean 10, S² = 2.5, and t = (c − M) / (S·√(1 + 1/h)).
        let h = values(&[8.0, 9.0, 10.0, 11.0, 12.0]);
        let p = against(
            &h,
            Latest {
                value: 13.0,
                within: None,
            },
            0.95,
        )
        .unwrap();
        let s = 2.5f64.sqrt();
        let t = 3.0 / (s * (1.0 + 1.0 / 5.0f64).sqrt());
        assert!((p.t - t).abs() < 1e-12, "{p:?}");
        assert_eq!(p.df, 4.0);
        assert_eq!(p.mean, 10.0);
        // Student's t with 4 df: the 0.975 quantile is 2.776445.
        let half = 2.776_445_105_2 * s * 1.2f64.sqrt();
        assert!((p.upper - (3.0 + half)).abs() < 1e-6, "{p:?}");
    }

    #[test]
    fn within_run_noise_is_taken_out_of_the_between_run_variance() {
        let mut h = values(&[10.0, 10.2, 9.8, 10.1, 9.9]);
        for e in &mut h {
            e.within = Some(0.01);
        }
        let latest = Latest {
            value: 10.5,
            within: Some((0.01, 20.0)),
        };
        let p = against(&h, latest, 0.95).unwrap();
        let s2 = 0.025;
        assert!((p.between - (s2 - 0.01)).abs() < 1e-12, "{p:?}");
        // Larger within-run noise than the spread of the runs: no between-run variance left.
        for e in &mut h {
            e.within = Some(0.5);
        }
        assert_eq!(against(&h, latest, 0.95).unwrap().between, 0.0);
    }

    #[test]
    fn a_constant_history_judges_any_difference_real() {
        let h = values(&[3.0; 6]);
        let same = Latest {
            value: 3.0,
            within: None,
        };
        assert_eq!(against(&h, same, 0.95).unwrap().p_value, 1.0);
        let other = Latest {
            value: 3.1,
            within: None,
        };
        assert_eq!(against(&h, other, 0.95).unwrap().p_value, 0.0);
        assert!(against(&h[..1], other, 0.95).is_none());
    }
}
