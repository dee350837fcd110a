//! One computation per key at a time, for the caches: when a burst of requests asks for
//! something not yet cached, the first computes it and the others wait for its result instead
//! of all computing it at once (the thundering herd).

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
pub struct SingleFlight {
    gates: Arc<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>>,
}

impl SingleFlight {
    /// `cached()` when it has an answer; else, one caller at a time per `key`, `cached()` again
    /// (the caller before may have just stored it) or `compute()`, which is expected to store
    /// what it computes where `cached` looks.
    pub async fn run<T, Fut>(&self, key: &str, cached: impl Fn() -> Option<T>, compute: impl FnOnce() -> Fut) -> T
    where
        Fut: Future<Output = T>,
    {
        if let Some(found) = cached() {
            return found;
        }
        let gate = match self.gates.lock() {
            Ok(mut gates) => gates.entry(key.to_owned()).or_default().clone(),
            // A poisoned map only loses the sharing, never the answer.
            Err(_) => Arc::default(),
        };
        let result = {
            let _turn = gate.lock().await;
            match cached() {
                Some(found) => found,
                None => compute().await,
            }
        };
        if let Ok(mut gates) = self.gates.lock() {
            // The map holds one reference and this caller another: nobody else is waiting.
            if gates.get(key).is_some_and(|g| Arc::ptr_eq(g, &gate) && Arc::strong_count(g) <= 2) {
                gates.remove(key);
            }
        }
        result
    }

    /// Keys with a computation running or waited for (for tests).
    pub fn in_flight(&self) -> usize {
        self.gates.lock().map(|g| g.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_burst_computes_once_and_leaves_no_gate_behind() {
        let flight = SingleFlight::default();
        let store: Arc<Mutex<Option<u32>>> = Arc::default();
        let computed = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let (flight, store, computed) = (flight.clone(), store.clone(), computed.clone());
            tasks.push(tokio::spawn(async move {
                let cached = || *store.lock().unwrap();
                flight
                    .run("page", cached, || async {
                        computed.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        *store.lock().unwrap() = Some(42);
                        42
                    })
                    .await
            }));
        }
        for task in tasks {
            assert_eq!(task.await.unwrap(), 42);
        }
        assert_eq!(computed.load(Ordering::SeqCst), 1, "sixteen callers, one computation");
        assert_eq!(flight.in_flight(), 0);
    }

    #[tokio::test]
    async fn what_is_not_stored_is_computed_by_each_caller_in_turn() {
        let flight = SingleFlight::default();
        let computed = AtomicUsize::new(0);
        for _ in 0..3 {
            let n = flight.run("k", || None::<u32>, || async { computed.fetch_add(1, Ordering::SeqCst) as u32 }).await;
            assert!(n < 3);
        }
        assert_eq!(computed.load(Ordering::SeqCst), 3);
    }
}
