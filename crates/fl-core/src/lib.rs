//! Federated-learning maths of the IVF consortium chain, one code base for chain and clinic.
//!
//! ## Overview
//!
//! Clinics train a shared model without sharing patient records: each clinic trains on its
//! own data, reveals only a quantised model change, and the chain aggregates the changes into
//! the next global model. This crate is the maths of that loop. The runtime (Wasm, `no_std`)
//! uses the consensus half; clinics' off-chain workers and native tools use the training half.
//! Both halves are deterministic, so anyone can replay a round from chain state bit for bit.
//!
//! | module | who runs it | floats? |
//! |---|---|---|
//! | [`spec`]: [`ModelSpec`] and its 32-byte id | chain and clinic | no |
//! | [`aggregate`](mod@aggregate): FedAvg, median, trimmed mean, Krum, multi-Krum | chain (consensus) | no |
//! | [`optimiser`]: server optimisers (FedAvgM, FedAdagrad, FedAdam, FedYogi) | chain (consensus) | no |
//! | [`fixed`]: Q15.16 encoding of models and updates | boundary | encode/decode only |
//! | [`dp`]: DP-SGD noise; zCDP (ρ) accounting | clinic; chain (ρ, integers) | clinic only |
//! | [`model`]: logistic regression, one-hidden-layer MLP | clinic, tools | yes |
//! | [`train`]: mini-batch SGD (FedProx's proximal term optional), local updates | clinic, tools | yes |
//! | [`features`]: IVF cycle record, feature vector | clinic, tools | yes |
//! | [`metrics`]: AUC, accuracy, log loss | tools | yes |
//! | [`rng`]: seeded ChaCha20 and samplers | clinic, tools | yes |
//! | [`secure_aggregation`]: masked updates whose masks cancel in the sum (SecAgg) | clinic; chain (unmasking) | no |
//! | `synth` (`std` only): synthetic IVF clinics | tools, tests | yes |
//! | [`schema`]: a dataset's columns; the common IVF data model | chain and clinic | no |
//! | [`question`]: a task's outcome and encoded features | chain (check); clinic (encode) | clinic only |
//! | `table` (`std` only): a dataset file read under its schema; schema and question JSON | clinic, tools | no |
//! | `study_synth` (`std` only): a synthetic OHSS study with mixed column types | tools, tests | yes |
//!
//! ## Design
//!
//! - Consensus code (aggregation, spec hashing, ρ accounting, the initial model) uses integers
//!   only, returns `Result` instead of panicking, and bounds its input.
//! - Floats appear only off chain, and always through `libm` and fixed-order `ndarray` loops,
//!   never the platform's maths library, so training replays identically on every machine.
//! - Models travel as Q15.16 `i32` vectors; see [`fixed`] for the scale and error bound.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod aggregate;
pub mod dp;
pub mod features;
pub mod fixed;
pub mod metrics;
pub mod model;
pub mod optimiser;
pub mod question;
pub mod rng;
pub mod schema;
pub mod secure_aggregation;
pub mod spec;
#[cfg(feature = "std")]
pub mod study_synth;
#[cfg(feature = "std")]
pub mod synth;
#[cfg(feature = "std")]
pub mod table;
pub mod train;

pub use aggregate::{aggregate, AggregationError, AggregationRule, ClientUpdate};
pub use dp::{DpNoise, DpSgd, PrivacyBudget, PrivacyError, RhoMillionths};
pub use features::{feature_vector, FeatureScaling, IvfCycle};
pub use model::Architecture;
pub use optimiser::{OptimiserError, OptimiserState, ServerOptimiser};
pub use question::StudyQuestion;
pub use schema::DatasetSchema;
pub use spec::{ModelSpec, SpecError, SpecId, TrainingParams};
