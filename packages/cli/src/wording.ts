export const count = (n: number): string => n.toLocaleString("en-US");
export const plural = (n: number, noun: string): string => `${count(n)} ${noun}${n === 1 ? "" : "s"}`;
