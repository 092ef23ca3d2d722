"""Following and notifying: subscriptions, the outbox, daily digests, one-click unsubscribe.

What other apps use:
  registry.followable(Model)                  an object people can follow (in AppConfig.ready)
  registry.Topic                              streams that are not objects, declared by apps
  registry.notification_kind(key, render=…)   a kind of message, in the app's notifications.py
  services.notify(kind=, obj=, targets=, key=, actor=)
                                              inside the publishing transaction
  templates: notifications/_follow_button.html (include with target=<object or topic value>)
"""
