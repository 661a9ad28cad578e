//! A `BroadcastChannel` between the console's tabs of one browser: text out, text in.
//! A tab never hears its own messages.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{BroadcastChannel, MessageEvent};

/// An open channel; closed when dropped.
pub struct Channel {
    channel: BroadcastChannel,
    _listener: Closure<dyn FnMut(MessageEvent)>,
}

impl Channel {
    /// Joins channel `name`; `heard` gets every text message another tab posts on it.
    /// `None` where the browser has no `BroadcastChannel`.
    pub fn join(name: &str, mut heard: impl FnMut(String) + 'static) -> Option<Channel> {
        let channel = BroadcastChannel::new(name).ok()?;
        let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(text) = event.data().as_string() {
                heard(text);
            }
        });
        channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        Some(Channel { channel, _listener: listener })
    }

    pub fn post(&self, text: &str) {
        // A closed channel (the page is going away) has no one left to tell.
        let _ = self.channel.post_message(&text.into());
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}
