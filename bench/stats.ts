/** The middle sample (the upper middle for an even count): what every bench section reports. */
export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
