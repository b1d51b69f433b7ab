//! Helpers shared by fl-core's integration tests.

/// The sample mean and (unbiased) standard deviation of `values`.
pub fn sample_std(values: &[f64]) -> (f64, f64) {
	let mean = values.iter().sum::<f64>() / values.len() as f64;
	let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (values.len() - 1) as f64;
	(mean, var.sqrt())
}
