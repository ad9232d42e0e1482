use crate::api::intake::confirmation;
use crate::components::{ForgetDeviceCopy, Frame, PrintButton};
use crate::domain::submission::Kind;
use leptos::prelude::*;

/// "Message sent": the reference, the secret code and what happens next, with real dates,
/// shown **once** (see [`confirmation`]). A copy to keep is inside the page itself (a `data:`
/// link, so nothing on the server can hand it out again), and "Finish and clear this device"
/// ends everything this browser holds about the message.
#[component]
pub fn DonePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| confirmation());
    view! {
        <Suspense fallback=|| view! { <p class="page">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(c)) => {
                        let heading = match c.kind {
                            Kind::Compliment => "Thank you sent",
                            Kind::Advocate => "Request sent",
                            _ => "Message sent",
                        };
                        view! {
                            <Frame title=heading>
                                // Sent: nothing needs to stay on this device any more.
                                <ForgetDeviceCopy/>
                                <div class="panel">
                                    <h1 class="panel__title">{heading}</h1>
                                    <p>"Your reference is"</p>
                                    <p class="panel__ref" id="reference"><strong>{c.reference.clone()}</strong></p>
                                </div>
                                <div class="code-box">
                                    <p>"Your secret code is"</p>
                                    <p class="code" id="progress-code"><strong>{c.progress_code.clone()}</strong></p>
                                    <p>"Keep your reference and code safe. You need both to check what is happening. Do not share your code."</p>
                                </div>
                                <h2>"What happens next"</h2>
                                <ul class="list">
                                    <li>"We will tell you we got it by " <strong>{c.acknowledge_by.clone()}</strong> "."</li>
                                    {c.reply_by.clone().map(|d| view! {
                                        <li>{if c.kind == Kind::Advocate { "Someone will get back to you by " } else { "We will reply by " }} <strong>{d}</strong> "."</li>
                                    })}
                                    {(c.wants_advocate && c.kind != Kind::Advocate).then(|| view! {
                                        <li>"You asked for someone to help you speak up. We will find you an advocate."</li>
                                    })}
                                </ul>
                                {c.no_contact.then(|| view! {
                                    <p>"You asked us not to contact you. You can check what is happening with your reference and code."</p>
                                })}
                                <p><a href="/progress">"Check what is happening"</a></p>
                                <h2>"Keep a copy"</h2>
                                <p>"Write down your reference and code, or take a picture of this page."</p>
                                <p><strong>"This page only shows once."</strong> " If you go back or reload, your reference and code will not show again."</p>
                                <p><a href=data_url(&c.copy_text) download="speak-up-message.txt">"Download a copy of what you sent"</a></p>
                                <p class="js-only"><PrintButton/></p>
                                <h2>"Finish"</h2>
                                <p>"When you have your reference and code, press Finish. This clears this phone or computer, so nobody else can see what you sent."</p>
                                <FinishButton/>
                            </Frame>
                        }.into_any()
                    }
                    // The same page for everyone: it does not say whether anything was sent.
                    Ok(None) => view! {
                        <Frame title="Nothing to show">
                            <h1>"There is nothing to show here"</h1>
                            <p>"To keep messages private, this page only shows once, just after sending."</p>
                            <p>"If you sent a message, use your reference and code to check it."</p>
                            <p><a href="/progress">"Check what is happening"</a></p>
                            <p><a href="/">"Go to the start"</a></p>
                        </Frame>
                    }.into_any(),
                    Err(e) => view! {
                        <Frame title="Sorry, there is a problem">
                            <h1>"Sorry, there is a problem"</h1>
                            <p>{e.message}</p>
                        </Frame>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// "Finish and clear this device": a plain form (works with JavaScript off) to `/finish`,
/// which ends this browser's cookies and storage for the site and goes to the start page.
#[component]
pub fn FinishButton() -> impl IntoView {
    view! {
        <form method="post" action="/finish" class="finish">
            <button type="submit" class="button" id="finish">"Finish and clear this device"</button>
        </form>
    }
}

/// The copy as a `data:` link: the words live only in this page, never again on the server.
fn data_url(text: &str) -> String {
    let mut out = String::from("data:text/plain;charset=utf-8,");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~ ".contains(&b) {
            if b == b' ' {
                out.push_str("%20");
            } else {
                out.push(b as char);
            }
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_copy_link_encodes_every_character_that_could_break_out() {
        let url = super::data_url("a \"b\" <c>\r\n'é");
        assert_eq!(
            url,
            "data:text/plain;charset=utf-8,a%20%22b%22%20%3Cc%3E%0D%0A%27%C3%A9"
        );
    }
}
