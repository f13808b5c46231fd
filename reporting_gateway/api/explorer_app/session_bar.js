// The bar above GraphiQL: the token and X-Customer that every tab sends (see session.js). It
// says when the active tab's own headers pane overrides the customer, so the answer on screen
// is never for a customer the bar does not show.

import React from "react";

const h = React.createElement;
const FORMS = ["all=all", "chain=", "country="];

export function SessionBar({ session, override, onApply }) {
  const [customer, setCustomer] = React.useState(session.customer);
  const [token, setToken] = React.useState(session.token);
  React.useEffect(() => setCustomer(session.customer), [session.customer]);
  React.useEffect(() => setToken(session.token), [session.token]);
  const changed = customer.trim() !== session.customer || token.trim() !== session.token;
  const submit = (event) => {
    event.preventDefault();
    onApply({ customer: customer.trim(), token: token.trim() });
  };
  return h(
    "form",
    { id: "session-bar", onSubmit: submit, "aria-label": "Headers for every tab" },
    h("label", { htmlFor: "x-customer" }, "X-Customer"),
    h("input", {
      id: "x-customer",
      value: customer,
      onChange: (event) => setCustomer(event.target.value),
      list: "customer-forms",
      autoComplete: "off",
      spellCheck: false,
      placeholder: "id=1000941",
      title: "id=ID or id=ID_ID (several), chain=NAME, country=CODE, or all=all",
    }),
    h("datalist", { id: "customer-forms" }, FORMS.map((form) => h("option", { key: form, value: form }))),
    h("label", { htmlFor: "token" }, "Token"),
    h("input", {
      id: "token",
      type: "password",
      value: token,
      onChange: (event) => setToken(event.target.value),
      autoComplete: "off",
      placeholder: "X-Client-Authorization",
    }),
    h("button", { type: "submit", disabled: !changed }, "Apply to every tab"),
    override !== null
      ? h(
          "span",
          { className: "override", role: "status" },
          `This tab's headers pane sets X-Customer: ${override || "(empty)"}`,
        )
      : h(
          "span",
          { className: "hint", role: "status" },
          session.token ? "Sent by every tab; kept across reloads." : "Paste a token to run queries.",
        ),
  );
}
