/**
 * The short list offered only when JavaScript is off (otherwise the browser tells us her zone).
 * One representative IANA zone per commonly used offset, labelled by places she would recognise.
 */
export const timezoneChoices: ReadonlyArray<{ region: string; zones: ReadonlyArray<{ zone: string; label: string }> }> = [
  {
    region: 'Americas',
    zones: [
      { zone: 'Pacific/Honolulu', label: 'Hawaii' },
      { zone: 'America/Anchorage', label: 'Alaska' },
      { zone: 'America/Los_Angeles', label: 'Pacific Time (Los Angeles, Vancouver)' },
      { zone: 'America/Phoenix', label: 'Arizona' },
      { zone: 'America/Denver', label: 'Mountain Time (Denver, Calgary)' },
      { zone: 'America/Chicago', label: 'Central Time (Chicago, Dallas)' },
      { zone: 'America/Mexico_City', label: 'Mexico City' },
      { zone: 'America/New_York', label: 'Eastern Time (New York, Toronto)' },
      { zone: 'America/Halifax', label: 'Atlantic Time (Halifax)' },
      { zone: 'America/Sao_Paulo', label: 'São Paulo, Buenos Aires' },
    ],
  },
  {
    region: 'Europe and Africa',
    zones: [
      { zone: 'Europe/London', label: 'London, Dublin, Lisbon' },
      { zone: 'Europe/Paris', label: 'Paris, Berlin, Madrid, Rome' },
      { zone: 'Europe/Athens', label: 'Athens, Helsinki, Kyiv' },
      { zone: 'Africa/Johannesburg', label: 'Johannesburg' },
      { zone: 'Africa/Lagos', label: 'Lagos' },
    ],
  },
  {
    region: 'Asia',
    zones: [
      { zone: 'Asia/Dubai', label: 'Dubai' },
      { zone: 'Asia/Kolkata', label: 'India' },
      { zone: 'Asia/Singapore', label: 'Singapore, Manila, Beijing' },
      { zone: 'Asia/Tokyo', label: 'Tokyo, Seoul' },
    ],
  },
  {
    region: 'Australia and New Zealand',
    zones: [
      { zone: 'Australia/Perth', label: 'Perth' },
      { zone: 'Australia/Brisbane', label: 'Brisbane' },
      { zone: 'Australia/Sydney', label: 'Sydney, Melbourne' },
      { zone: 'Pacific/Auckland', label: 'Auckland' },
    ],
  },
  { region: 'Other', zones: [{ zone: 'UTC', label: 'UTC' }] },
];
