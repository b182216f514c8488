/** The one Slack endpoint on the shared server: slash commands, interactivity and events all arrive here. */
export const SLACK_EVENTS_PATH = '/slack/events';
export const SLASH_COMMAND = '/csp';
