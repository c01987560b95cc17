// Resource locator values as the editor saves them in workflow JSON.
export const byId = (value: string | number) => ({ __rl: true, mode: 'id', value: String(value) });
export const byUsername = (value: string) => ({ __rl: true, mode: 'username', value });
export const byPrintName = (value: string) => ({ __rl: true, mode: 'name', value });
