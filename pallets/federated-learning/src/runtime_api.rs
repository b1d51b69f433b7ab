//! The runtime API through which researchers, clinics and auditors follow training tasks,
//! declared with the types of its answers in `pallet-federated-learning-runtime-api` (which the
//! node's RPC links without this pallet). Each call is answered by a function of the same name
//! on [`Pallet`](crate::Pallet), so the runtime's implementation is one line per call.

pub use pallet_federated_learning_runtime_api::*;
