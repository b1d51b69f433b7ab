//! Quality of a model on a labelled set: AUC, accuracy, log loss.
//!
//! Researchers read these for each round; the simulation uses them to compare federated with
//! pooled training. Labels are 1.0 (positive: live birth) or 0.0; predictions are
//! probabilities.

use alloc::vec::Vec;

/// Area under the ROC curve by the Mann–Whitney U statistic, ties counting one half.
///
/// `AUC = (R₊ − n₊(n₊+1)/2) / (n₊ n₋)`, where `R₊` is the sum of the positives' ranks and tied
/// scores share their average rank. `None` when either class is absent (AUC undefined) or the
/// lengths differ.
pub fn auc(scores: &[f64], labels: &[f64]) -> Option<f64> {
	if scores.len() != labels.len() {
		return None;
	}
	let mut order: Vec<usize> = (0..scores.len()).collect();
	order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
	let mut positive_rank_sum = 0.0;
	let mut start = 0;
	while start < order.len() {
		let mut end = start + 1;
		while end < order.len() && scores[order[end]] == scores[order[start]] {
			end += 1;
		}
		// Ranks start+1 ..= end share their mean.
		let average_rank = (start + 1 + end) as f64 / 2.0;
		let positives = order[start..end].iter().filter(|&&i| labels[i] > 0.5).count();
		positive_rank_sum += average_rank * positives as f64;
		start = end;
	}
	let n_pos = labels.iter().filter(|&&y| y > 0.5).count() as f64;
	let n_neg = labels.len() as f64 - n_pos;
	if n_pos == 0.0 || n_neg == 0.0 {
		return None;
	}
	Some((positive_rank_sum - n_pos * (n_pos + 1.0) / 2.0) / (n_pos * n_neg))
}

/// Share of examples whose prediction, thresholded at 0.5, equals the label. `None` if empty
/// or the lengths differ.
pub fn accuracy(probabilities: &[f64], labels: &[f64]) -> Option<f64> {
	if probabilities.is_empty() || probabilities.len() != labels.len() {
		return None;
	}
	let correct = probabilities
		.iter()
		.zip(labels)
		.filter(|(p, y)| (**p >= 0.5) == (**y > 0.5))
		.count();
	Some(correct as f64 / labels.len() as f64)
}

/// Mean cross-entropy; probabilities are clamped to `[1e-15, 1 − 1e-15]` so one confident
/// mistake costs a large but finite amount. `None` if empty or the lengths differ.
pub fn log_loss(probabilities: &[f64], labels: &[f64]) -> Option<f64> {
	if probabilities.is_empty() || probabilities.len() != labels.len() {
		return None;
	}
	let total: f64 = probabilities
		.iter()
		.zip(labels)
		.map(|(&p, &y)| {
			let p = p.clamp(1e-15, 1.0 - 1e-15);
			-(y * libm::log(p) + (1.0 - y) * libm::log(1.0 - p))
		})
		.sum();
	Some(total / labels.len() as f64)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn auc_counts_ties_as_half() {
		assert_eq!(auc(&[0.1, 0.9], &[0.0, 1.0]), Some(1.0));
		assert_eq!(auc(&[0.9, 0.1], &[0.0, 1.0]), Some(0.0));
		assert_eq!(auc(&[0.5, 0.5, 0.5, 0.5], &[0.0, 1.0, 0.0, 1.0]), Some(0.5));
		// Pairs (pos, neg): (0.8 vs 0.2) win, (0.8 vs 0.8) tie, (0.3 vs 0.2) win, (0.3 vs 0.8) lose.
		assert_eq!(auc(&[0.8, 0.3, 0.2, 0.8], &[1.0, 1.0, 0.0, 0.0]), Some(2.5 / 4.0));
		assert_eq!(auc(&[0.1, 0.2], &[1.0, 1.0]), None);
	}

	#[test]
	fn accuracy_and_log_loss_on_a_small_set() {
		let (p, y) = ([0.9, 0.2, 0.6, 0.4], [1.0, 0.0, 0.0, 1.0]);
		assert_eq!(accuracy(&p, &y), Some(0.5));
		let expected = -(libm::log(0.9) + libm::log(0.8) + libm::log(0.4) + libm::log(0.4)) / 4.0;
		assert!((log_loss(&p, &y).unwrap() - expected).abs() < 1e-12);
		assert_eq!(log_loss(&[], &[]), None);
	}
}

/// Bins of a [`ScoreHistogram`]: bin `i` holds predicted probabilities in `[i/B, (i+1)/B)`
/// (the last bin includes 1).
pub const SCORE_BINS: usize = 10;

/// Predicted scores counted per label: what a clinic publishes about a model's quality on its
/// rows instead of exact metrics. Histograms add up across clinics, and the AUC of the sum
/// ([`histogram_auc_ppm`]) is the AUC over every clinic's rows at the histogram's resolution.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[derive(codec::Encode, codec::Decode, codec::DecodeWithMemTracking, codec::MaxEncodedLen)]
#[derive(scale_info::TypeInfo)]
pub struct ScoreHistogram {
	/// Positive rows (live birth) per score bin.
	pub positives: [u32; SCORE_BINS],
	/// Negative rows per score bin.
	pub negatives: [u32; SCORE_BINS],
}

/// The bin of a probability (clamped into `[0, 1]`; NaN goes to bin 0).
pub fn score_bin(probability: f64) -> usize {
	let p = if probability.is_nan() { 0.0 } else { probability.clamp(0.0, 1.0) };
	((p * SCORE_BINS as f64) as usize).min(SCORE_BINS - 1)
}

/// The exact histogram of `probabilities` by `labels` (1.0 positive, else negative).
pub fn score_histogram(probabilities: &[f64], labels: &[f64]) -> ScoreHistogram {
	let mut histogram = ScoreHistogram::default();
	for (&p, &y) in probabilities.iter().zip(labels) {
		let bin = score_bin(p);
		let counts = if y > 0.5 { &mut histogram.positives } else { &mut histogram.negatives };
		counts[bin] = counts[bin].saturating_add(1);
	}
	histogram
}

/// The histogram with Gaussian noise of standard deviation `std` added to every count, then
/// rounded and clamped at zero (post-processing, which costs no privacy). One row changes one
/// count by one, so the release is a Gaussian mechanism of sensitivity 1:
/// `(1 / (2 std²))`-zCDP.
pub fn noisy_score_histogram(
	histogram: &ScoreHistogram,
	std: f64,
	rng: &mut crate::rng::Prng,
) -> ScoreHistogram {
	let mut noisy = *histogram;
	for count in noisy.positives.iter_mut().chain(noisy.negatives.iter_mut()) {
		let value = *count as f64 + std * crate::rng::standard_normal(rng);
		*count = if value <= 0.0 { 0 } else { libm::round(value).min(u32::MAX as f64) as u32 };
	}
	noisy
}

/// Adds `other` into `sum`, count by count, saturating.
pub fn add_histogram(sum: &mut ScoreHistogram, other: &ScoreHistogram) {
	for (s, o) in sum.positives.iter_mut().zip(other.positives) {
		*s = s.saturating_add(o);
	}
	for (s, o) in sum.negatives.iter_mut().zip(other.negatives) {
		*s = s.saturating_add(o);
	}
}

/// The AUC of a histogram in millionths, integers only (the chain computes it): the chance
/// that a positive row scores in a higher bin than a negative one, a shared bin counting one
/// half. `None` when either class is empty.
pub fn histogram_auc_ppm(histogram: &ScoreHistogram) -> Option<u32> {
	let positives: u128 = histogram.positives.iter().map(|&c| c as u128).sum();
	let negatives: u128 = histogram.negatives.iter().map(|&c| c as u128).sum();
	if positives == 0 || negatives == 0 {
		return None;
	}
	// Twice the Mann–Whitney U, so that a shared bin's half stays an integer.
	let mut twice_u: u128 = 0;
	let mut negatives_below: u128 = 0;
	for bin in 0..SCORE_BINS {
		let p = histogram.positives[bin] as u128;
		let n = histogram.negatives[bin] as u128;
		twice_u += p * (2 * negatives_below + n);
		negatives_below += n;
	}
	let ppm = (twice_u * 1_000_000 + positives * negatives) / (2 * positives * negatives);
	u32::try_from(ppm).ok()
}

#[cfg(test)]
mod histogram_tests {
	use super::*;

	#[test]
	fn histogram_auc_equals_the_exact_auc_of_binned_scores() {
		let scores = [0.05, 0.15, 0.15, 0.35, 0.55, 0.75, 0.95, 0.12, 0.61, 0.33];
		let labels = [0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 1.0];
		let binned: Vec<f64> = scores.iter().map(|&s| score_bin(s) as f64).collect();
		let exact = auc(&binned, &labels).unwrap();
		let from_histogram = histogram_auc_ppm(&score_histogram(&scores, &labels)).unwrap();
		assert_eq!(from_histogram, (exact * 1e6).round() as u32);
	}

	#[test]
	fn histograms_add_up_to_the_histogram_of_the_union() {
		let (a, b) = ([0.1, 0.9, 0.5], [0.2, 0.8]);
		let (ya, yb) = ([0.0, 1.0, 1.0], [1.0, 0.0]);
		let mut sum = score_histogram(&a, &ya);
		add_histogram(&mut sum, &score_histogram(&b, &yb));
		let union = score_histogram(&[0.1, 0.9, 0.5, 0.2, 0.8], &[0.0, 1.0, 1.0, 1.0, 0.0]);
		assert_eq!(sum, union);
	}

	#[test]
	fn an_empty_class_has_no_auc() {
		assert_eq!(histogram_auc_ppm(&score_histogram(&[0.3, 0.7], &[1.0, 1.0])), None);
	}

	#[test]
	fn noise_changes_counts_and_never_goes_below_zero() {
		let exact = score_histogram(&[0.5; 40], &[1.0; 40]);
		let mut rng = crate::rng::prng([7; 32]);
		let noisy = noisy_score_histogram(&exact, 3.0, &mut rng);
		assert_ne!(noisy, exact);
		assert!(noisy.positives[5] > 20);
		let zeros = noisy_score_histogram(&ScoreHistogram::default(), 3.0, &mut rng);
		assert!(zeros.positives.iter().chain(zeros.negatives.iter()).all(|&c| c < 20));
	}
}
