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
