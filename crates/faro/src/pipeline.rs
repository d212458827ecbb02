//! Two-stage work on two cores: one thread produces items (reads a file, generates the demo),
//! the calling thread consumes them (stores them).

use std::sync::mpsc::sync_channel;

use crate::error::CliError;

/// Items in flight between the two threads: enough to keep both busy, few enough to bound memory.
const IN_FLIGHT: usize = 2;

/// Runs `produce` on its own thread and hands each item it sends to `consume` on this one. The
/// producer's `send` returns false once the consumer has stopped (after an error): the producer
/// should then return. Returns the consumer's error first, then the producer's.
pub fn pipeline<T: Send>(
    produce: impl FnOnce(&mut dyn FnMut(T) -> bool) -> Result<(), CliError> + Send,
    mut consume: impl FnMut(T) -> Result<(), CliError>,
) -> Result<(), CliError> {
    let (sender, receiver) = sync_channel::<T>(IN_FLIGHT);
    std::thread::scope(|scope| {
        let producer = scope.spawn(move || produce(&mut |item| sender.send(item).is_ok()));
        let mut consumed = Ok(());
        for item in receiver.iter() {
            if let Err(e) = consume(item) {
                consumed = Err(e);
                break;
            }
        }
        // Dropping the receiver makes the producer's next send fail, so it stops and the scope
        // can end instead of waiting on a full channel forever.
        drop(receiver);
        let produced = producer
            .join()
            .map_err(|_| CliError::failed("a worker thread stopped unexpectedly"))?;
        consumed?;
        produced
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hands_over_every_item_in_order() {
        let mut got = Vec::new();
        pipeline(
            |send| {
                for i in 0..100 {
                    if !send(i) {
                        break;
                    }
                }
                Ok(())
            },
            |i| {
                got.push(i);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(got, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn a_failing_consumer_stops_the_producer() {
        let result = pipeline(
            |send| {
                // Without the stop this would produce forever.
                while send(()) {}
                Ok(())
            },
            |()| Err(CliError::failed("disk full")),
        );
        assert_eq!(result.unwrap_err().to_string(), "disk full");
    }

    #[test]
    fn a_failing_producer_is_reported_after_what_it_sent() {
        let mut got = 0;
        let result = pipeline(
            |send| {
                send(1);
                Err(CliError::failed("bad file"))
            },
            |n| {
                got += n;
                Ok(())
            },
        );
        assert_eq!(got, 1);
        assert_eq!(result.unwrap_err().to_string(), "bad file");
    }
}
