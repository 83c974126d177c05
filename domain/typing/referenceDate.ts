// The typing reference date R of year Y: June 30, when the annual-report window closes (§7.4.1).
export const typingReferenceDate = (year: number) => `${year}-06-30`;
