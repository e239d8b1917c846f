using System.Globalization;
using System.Text;
using ParcelStream.Codec.Container;
using ParcelStream.Codec.Manifest;
using ParcelStream.DevTools.Generation;

namespace ParcelStream.DevTools.Simulation;

/// <summary>
/// Writes simulated days to an Avro object container file (a replay file), like <c>generate --out</c>, with two side
/// files: <see cref="GroundTruth.SideFileOf"/> (<c>manifestId,trackingNumber,kind</c>, kind <c>Clean</c> or the pattern's
/// name, so <c>parcelstream replay</c> reports compliant and planted parcels) and <see cref="SideFileOf"/> with the day and
/// revenue at stake (<see cref="CsvHeader"/>).
/// </summary>
public static class SimulationArchive
{
    /// <summary>The header line of the simulation side file.</summary>
    public const string CsvHeader = "manifestId,day,pattern,revenueAtStakeCents";

    /// <summary>Gets the simulation side file of a container file.</summary>
    /// <param name="avroPath">The .avro file.</param>
    /// <returns>The path with <c>.simulation.csv</c> appended.</returns>
    public static string SideFileOf(string avroPath) => avroPath + ".simulation.csv";

    /// <summary>Writes days <paramref name="firstDay"/> to <paramref name="lastDay"/> (inclusive) of <paramref name="world"/> to <paramref name="path"/> and its side files (created or overwritten).</summary>
    /// <param name="world">The world.</param>
    /// <param name="path">The .avro file.</param>
    /// <param name="firstDay">The first day written.</param>
    /// <param name="lastDay">The last day written.</param>
    /// <param name="codec">The block codec.</param>
    /// <returns>How many parcels were written.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A day is outside the world's days, or <paramref name="lastDay"/> is before <paramref name="firstDay"/>.</exception>
    /// <exception cref="IOException">A file cannot be written.</exception>
    public static long Write(SimulationWorld world, string path, int firstDay, int lastDay, AvroContainerCodec codec = AvroContainerCodec.Deflate)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(firstDay);
        ArgumentOutOfRangeException.ThrowIfLessThan(lastDay, firstDay);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lastDay, world.Days);
        long written = 0;
        using AvroContainerWriter writer = AvroContainerFile.Create(path, AvroContainerManifests.ManifestSchemaJson, new AvroContainerWriterOptions { Codec = codec });
        using var truth = new StreamWriter(GroundTruth.SideFileOf(path), false, new UTF8Encoding(false), 1 << 16);
        using var simulation = new StreamWriter(SideFileOf(path), false, new UTF8Encoding(false), 1 << 16);
        truth.Write(GroundTruth.CsvHeader + "\n");
        simulation.Write(CsvHeader + "\n");
        for (int day = firstDay; day <= lastDay; day++)
        {
            foreach (SimulatedParcel parcel in world.Day(day))
            {
                ManifestRecord m = parcel.Manifest;
                writer.WriteManifest(m);
                string kind = parcel.Truth.IsCompliant ? "Clean" : parcel.Truth.Pattern.ToString();
                truth.Write($"{m.ManifestId},{m.TrackingNumber},{kind}\n");
                simulation.Write(string.Create(CultureInfo.InvariantCulture, $"{m.ManifestId},{day},{parcel.Truth.Pattern},{parcel.Truth.RevenueAtStakeCents}\n"));
                written++;
            }
        }

        return written;
    }

    /// <summary>Reads a simulation side file written by <see cref="Write"/>.</summary>
    /// <param name="path">The side file.</param>
    /// <returns>Each manifest's day and truth, by manifestId.</returns>
    /// <exception cref="InvalidDataException">A line is not <see cref="CsvHeader"/>'s four fields; the message names file and line.</exception>
    public static Dictionary<string, (int Day, ParcelTruth Truth)> ReadSideFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var truths = new Dictionary<string, (int, ParcelTruth)>(StringComparer.Ordinal);
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0 || (number == 1 && line == CsvHeader))
            {
                continue;
            }

            string[] f = line.Split(',');
            if (f.Length != 4 || !int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out int day)
                || !Enum.TryParse(f[2], false, out PlantedPattern pattern) || !long.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out long revenue))
            {
                throw new InvalidDataException($"{path}:{number}: expected {CsvHeader}.");
            }

            truths[f[0]] = (day, new ParcelTruth(pattern, revenue));
        }

        return truths;
    }
}
