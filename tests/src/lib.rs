//! Helpers shared by the pipeline tests.
